namespace Paralarva.Host.Monitoring;

/// <summary>
/// What <c>/readyz</c> reports: ready when the proxy listens, its configuration is loaded and it is
/// not draining. Set from the host's start-up and shutdown code, read by request threads: the three
/// flags live in one int so that a reader always sees one consistent combination.
/// </summary>
internal sealed class ReadinessState
{
    private const int ListeningFlag = 1;
    private const int ConfigurationLoadedFlag = 2;
    private const int DrainingFlag = 4;

    private int _flags;

    public bool Listening => (Volatile.Read(ref _flags) & ListeningFlag) != 0;

    public bool ConfigurationLoaded => (Volatile.Read(ref _flags) & ConfigurationLoadedFlag) != 0;

    public bool Draining => (Volatile.Read(ref _flags) & DrainingFlag) != 0;

    public bool IsReady => IsReadyFlags(Volatile.Read(ref _flags));

    public void SetListening(bool listening) => Set(ListeningFlag, listening);

    public void SetConfigurationLoaded(bool loaded) => Set(ConfigurationLoadedFlag, loaded);

    /// <summary>Set at the start of a graceful shutdown, so load balancers stop sending new clients first.</summary>
    public void SetDraining(bool draining) => Set(DrainingFlag, draining);

    /// <summary>Null when ready; otherwise every reason it is not, e.g. "not listening, draining".</summary>
    public string? NotReadyReason()
    {
        var flags = Volatile.Read(ref _flags);
        if (IsReadyFlags(flags))
            return null;

        var reasons = new List<string>(3);
        if ((flags & ListeningFlag) == 0)
            reasons.Add("not listening");
        if ((flags & ConfigurationLoadedFlag) == 0)
            reasons.Add("configuration not loaded");
        if ((flags & DrainingFlag) != 0)
            reasons.Add("draining");
        return string.Join(", ", reasons);
    }

    private static bool IsReadyFlags(int flags) =>
        (flags & (ListeningFlag | ConfigurationLoadedFlag | DrainingFlag)) == (ListeningFlag | ConfigurationLoadedFlag);

    private void Set(int flag, bool value)
    {
        if (value)
            Interlocked.Or(ref _flags, flag);
        else
            Interlocked.And(ref _flags, ~flag);
    }
}
