namespace Paralarva.Actors.Http;

/// <summary>Methods the proxy treats specially; everything else is <see cref="Other"/>.</summary>
public enum HttpMethodKind : byte
{
    Other = 0,
    Get,
    Head,
    Post,
    Put,
    Delete,
    Options,
    Patch,
    Trace,
    Connect,
}
