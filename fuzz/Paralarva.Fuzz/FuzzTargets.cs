namespace Paralarva.Fuzz;

/// <summary>The targets by the names <c>fuzz/run.sh</c>, the corpus folders and the tests use.</summary>
internal static class FuzzTargets
{
    public const string RequestHead = "request-head";
    public const string ResponseHead = "response-head";
    public const string Chunked = "chunked";
    public const string Config = "config";

    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        [RequestHead] = RequestHeadTarget.Run,
        [ResponseHead] = ResponseHeadTarget.Run,
        [Chunked] = ChunkedTarget.Run,
        [Config] = ConfigTarget.Run,
    };
}
