using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Tests.Metrics;

public sealed class ErrorKindLabelsTests
{
    [Theory]
    [InlineData("BadRequest", "bad_request")]
    [InlineData("NoRoute", "no_route")]
    [InlineData("HeadTooLarge", "head_too_large")]
    [InlineData("MemberRefused", "member_refused")]
    [InlineData("MemberReset", "member_reset")]
    [InlineData("BadResponse", "bad_response")]
    [InlineData("MemberTimeout", "member_timeout")]
    [InlineData("NoMemberAvailable", "no_member_available")]
    public void For_ProxyErrorName_SnakeCase(string kind, string expected) =>
        Assert.Equal(expected, ErrorKindLabels.For(kind));

    [Theory]
    [InlineData("HTTPError", "http_error")]
    [InlineData("Tls13Failed", "tls13_failed")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("X", "x")]
    [InlineData("", "")]
    public void ToSnakeCase_OtherNames_Converted(string name, string expected) =>
        Assert.Equal(expected, ErrorKindLabels.ToSnakeCase(name));

    [Fact]
    public void For_EveryProxyError_SameInstanceEveryTime()
    {
        foreach (var name in Enum.GetNames<ProxyError>())
            Assert.Same(ErrorKindLabels.For(name), ErrorKindLabels.For(name));
    }
}
