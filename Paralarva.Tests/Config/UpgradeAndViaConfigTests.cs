using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary><c>upgrade_protocols</c> (per service) and <c>via</c> (the proxy's Via pseudonym).</summary>
public sealed class UpgradeAndViaConfigTests
{
    [Fact]
    public void Defaults_WebSocketOnlyAndParalarva()
    {
        var config = ConfigLoader.LoadText(ConfigTexts.MinimalWithService).Config!;

        Assert.Equal(["websocket"], config.Services[0].UpgradeProtocols.Names.ToArray());
        Assert.Equal("paralarva", config.ViaPseudonym);
    }

    [Fact]
    public void UpgradeProtocols_ListRead_LowerCasedWithoutDuplicates()
    {
        var yaml = ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      upgrade_protocols: [WebSocket, h2c, websocket]", StringComparison.Ordinal);

        var config = ConfigLoader.LoadText(yaml);

        Assert.True(config.IsValid, string.Join("\n", config.Errors));
        Assert.Equal(["websocket", "h2c"], config.Config.Services[0].UpgradeProtocols.Names.ToArray());
    }

    [Fact]
    public void UpgradeProtocols_EmptyList_NoUpgrades()
    {
        var yaml = ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      upgrade_protocols: []", StringComparison.Ordinal);

        Assert.Empty(ConfigLoader.LoadText(yaml).Config!.Services[0].UpgradeProtocols.Names);
    }

    [Theory]
    [InlineData("upgrade_protocols: websocket", "services[0].upgrade_protocols", "expected a list of protocol names")]
    [InlineData("upgrade_protocols: [\"web socket\"]", "services[0].upgrade_protocols[0]", "is not a protocol name")]
    [InlineData("upgrade_protocols: [websocket/13]", "services[0].upgrade_protocols[0]", "is not a protocol name")]
    public void UpgradeProtocols_Invalid_ReportedWithPathAndLine(string line, string path, string message)
    {
        var yaml = ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      " + line, StringComparison.Ordinal);

        var error = Assert.Single(ConfigLoader.LoadText(yaml).Errors);

        Assert.Equal(path, error.Path);
        Assert.Equal(8, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Via_Pseudonym_Read()
    {
        Assert.Equal("edge-1", ConfigLoader.LoadText(ConfigTexts.WithProxyKeys("  via: edge-1")).Config!.ViaPseudonym);
    }

    [Theory]
    [InlineData("  via: \"two words\"")]
    [InlineData("  via: \"\"")]
    [InlineData("  via: [a]")]
    public void Via_NotAToken_Rejected(string line)
    {
        var error = Assert.Single(ConfigLoader.LoadText(ConfigTexts.WithProxyKeys(line)).Errors);

        Assert.Equal("via", error.Path);
        Assert.Equal(11, error.Line);
    }
}
