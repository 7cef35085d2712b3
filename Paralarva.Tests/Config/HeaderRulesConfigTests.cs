using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary><c>request_headers</c> and <c>response_headers</c>: set, append, remove; names and values validated.</summary>
public sealed class HeaderRulesConfigTests
{
    /// <summary><see cref="ConfigTexts.MinimalWithService"/> with <paramref name="lines"/> after the domain (line 8 on).</summary>
    private static string With(string lines) =>
        ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      " + lines, StringComparison.Ordinal);

    [Fact]
    public void Defaults_NoRules()
    {
        var service = ConfigLoader.LoadText(ConfigTexts.MinimalWithService).Config!.Services[0];

        Assert.True(service.RequestHeaders.IsEmpty);
        Assert.True(service.ResponseHeaders.IsEmpty);
    }

    [Fact]
    public void Rules_SetAppendRemove_ReadInOrder()
    {
        var result = ConfigLoader.LoadText(With(
            "request_headers: { set: { X-Env: prod, X-Forwarded-Proto: https }, append: { Via-Zone: a }, remove: [X-Debug, x-trace] }\n"
            + "      response_headers:\n        set:\n          X-Frame-Options: DENY\n          X-Empty: \"\"\n        remove: [Server]"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var request = result.Config.Services[0].RequestHeaders;
        Assert.Equal([new("X-Env", "prod"), new("X-Forwarded-Proto", "https")], request.Set.ToArray());
        Assert.Equal([new("Via-Zone", "a")], request.Append.ToArray());
        Assert.Equal(["X-Debug", "x-trace"], request.Remove.ToArray());
        var response = result.Config.Services[0].ResponseHeaders;
        Assert.Equal([new("X-Frame-Options", "DENY"), new("X-Empty", "")], response.Set.ToArray());
        Assert.Equal(["Server"], response.Remove.ToArray());
    }

    [Fact]
    public void Rules_NullOrEmptyMapping_NoRules()
    {
        var result = ConfigLoader.LoadText(With("request_headers:\n      response_headers: {}"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.True(result.Config.Services[0].RequestHeaders.IsEmpty);
        Assert.True(result.Config.Services[0].ResponseHeaders.IsEmpty);
    }

    public static TheoryData<string, string, string> ManagedFields => new()
    {
        { "request_headers: { set: { Content-Length: \"5\" } }", "services[0].request_headers.set.Content-Length", "'Content-Length' cannot be changed by a rule" },
        { "request_headers: { set: { transfer-encoding: chunked } }", "services[0].request_headers.set.transfer-encoding", "cannot be changed by a rule" },
        { "request_headers: { set: { Host: other } }", "services[0].request_headers.set.Host", "cannot be changed by a rule" },
        { "request_headers: { append: { Connection: close } }", "services[0].request_headers.append.Connection", "cannot be changed by a rule" },
        { "request_headers: { remove: [Keep-Alive] }", "services[0].request_headers.remove[0]", "cannot be changed by a rule" },
        { "request_headers: { remove: [TE] }", "services[0].request_headers.remove[0]", "cannot be changed by a rule" },
        { "request_headers: { remove: [X-Ok, Trailer] }", "services[0].request_headers.remove[1]", "cannot be changed by a rule" },
        { "request_headers: { set: { Upgrade: h2c } }", "services[0].request_headers.set.Upgrade", "cannot be changed by a rule" },
        { "request_headers: { set: { Proxy-Connection: x } }", "services[0].request_headers.set.Proxy-Connection", "cannot be changed by a rule" },
        { "request_headers: { set: { Expect: 100-continue } }", "services[0].request_headers.set.Expect", "cannot be changed by a rule" },
        { "response_headers: { remove: [Transfer-Encoding] }", "services[0].response_headers.remove[0]", "cannot be changed by a rule" },
        { "response_headers: { set: { CONTENT-LENGTH: \"0\" } }", "services[0].response_headers.set.CONTENT-LENGTH", "cannot be changed by a rule" },
        { "response_headers: { append: { HTTP2-Settings: x } }", "services[0].response_headers.append.HTTP2-Settings", "cannot be changed by a rule" },
    };

    [Theory]
    [MemberData(nameof(ManagedFields))]
    public void Rules_FieldTheProxyManages_RefusedWithLineAndKey(string line, string path, string message) =>
        AssertSingleError(line, path, message);

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "request_headers: { set: { \"X Env\": prod } }", "services[0].request_headers.set.X Env", "'X Env' is not a field name" },
        { "request_headers: { set: { \"X:Env\": prod } }", "services[0].request_headers.set.X:Env", "is not a field name" },
        { "request_headers: { set: { \"X-\u00e9\": prod } }", "services[0].request_headers.set.X-\u00e9", "is not a field name" },
        { "request_headers: { remove: [\"\"] }", "services[0].request_headers.remove[0]", "is not a field name" },
        { "request_headers: { set: { X-A: \"a\\r\\nX-Injected: 1\" } }", "services[0].request_headers.set.X-A", "no CR, LF, NUL" },
        { "request_headers: { set: { X-A: \"a\\nb\" } }", "services[0].request_headers.set.X-A", "no CR, LF, NUL" },
        { "request_headers: { set: { X-A: \"a\\0b\" } }", "services[0].request_headers.set.X-A", "no CR, LF, NUL" },
        { "request_headers: { set: { X-A: \"caf\u00e9\" } }", "services[0].request_headers.set.X-A", "only visible ASCII" },
        { "request_headers: { set: { X-A: \" padded\" } }", "services[0].request_headers.set.X-A", "must not start or end with a space" },
        { "request_headers: { set: { X-A: [1] } }", "services[0].request_headers.set.X-A", "expected a field value, found a list" },
        { "request_headers: { set: { X-A: } }", "services[0].request_headers.set.X-A", "missing value" },
        { "request_headers: { set: { X-A: 1, x-a: 2 } }", "services[0].request_headers.set.x-a", "field 'x-a' appears twice" },
        { "request_headers: { remove: [X-A, x-A] }", "services[0].request_headers.remove[1]", "appears twice" },
        { "request_headers: { set: { X-A: 1 }, remove: [x-a] }", "services[0].request_headers.remove[0]", "'x-a' is both removed and set or appended" },
        { "request_headers: { append: { X-A: 1 }, remove: [X-A] }", "services[0].request_headers.remove[0]", "both removed and set or appended" },
        { "request_headers: { replace: { X-A: 1 } }", "services[0].request_headers.replace", "unknown key 'replace'" },
        { "request_headers: { set: [X-A] }", "services[0].request_headers.set", "expected a mapping of field names to values" },
        { "request_headers: { remove: X-A }", "services[0].request_headers.remove", "expected a list of field names" },
        { "request_headers: [X-A]", "services[0].request_headers", "expected a mapping with set, append or remove" },
        { "response_headres: { set: { X-A: 1 } }", "services[0].response_headres", "did you mean 'response_headers'?" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rules_Invalid_ReportedWithLineAndPath(string line, string path, string message) =>
        AssertSingleError(line, path, message);

    [Fact]
    public void Rules_SeveralProblems_AllReportedAtOnce()
    {
        var errors = ConfigLoader.LoadText(With(
            "request_headers: { set: { Host: a }, remove: [Content-Length] }\n      response_headers:\n        set: { X-A: \"\\n\" }")).Errors;

        Assert.Equal(
            ["line 8: services[0].request_headers.set.Host", "line 8: services[0].request_headers.remove[0]", "line 10: services[0].response_headers.set.X-A"],
            errors.Select(static e => "line " + e.Line + ": " + e.Path).ToArray());
    }

    [Fact]
    public void HeaderRules_SameRules_EqualSoAReloadSeesNoChange()
    {
        var a = ConfigLoader.LoadText(With("request_headers: { set: { X-A: 1 }, remove: [X-B] }")).Config!.Services[0];
        var b = ConfigLoader.LoadText(With("request_headers: { set: { X-A: 1 }, remove: [X-B] }")).Config!.Services[0];
        var c = ConfigLoader.LoadText(With("request_headers: { set: { X-A: 2 }, remove: [X-B] }")).Config!.Services[0];

        Assert.Equal(a.RequestHeaders, b.RequestHeaders);
        Assert.Equal(a, b with { Hosts = a.Hosts });
        Assert.NotEqual(a.RequestHeaders, c.RequestHeaders);
    }

    private static void AssertSingleError(string line, string path, string message)
    {
        var result = ConfigLoader.LoadText(With(line));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(8, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
