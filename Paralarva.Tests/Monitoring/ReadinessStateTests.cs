using Paralarva.Host.Monitoring;

namespace Paralarva.Tests.Monitoring;

public sealed class ReadinessStateTests
{
    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(true, true, false, true)]
    [InlineData(true, true, true, false)]
    public void IsReady_Flags_ListeningAndLoadedAndNotDraining(bool listening, bool loaded, bool draining, bool expected)
    {
        var state = new ReadinessState();
        state.SetListening(listening);
        state.SetConfigurationLoaded(loaded);
        state.SetDraining(draining);

        Assert.Equal(expected, state.IsReady);
        Assert.Equal(expected, state.NotReadyReason() is null);
        Assert.Equal(listening, state.Listening);
        Assert.Equal(loaded, state.ConfigurationLoaded);
        Assert.Equal(draining, state.Draining);
    }

    [Fact]
    public void SetFlag_False_ClearsOnlyThatFlag()
    {
        var state = new ReadinessState();
        state.SetListening(true);
        state.SetConfigurationLoaded(true);

        state.SetListening(false);

        Assert.False(state.Listening);
        Assert.True(state.ConfigurationLoaded);
        Assert.Equal("not listening", state.NotReadyReason());
    }

    [Fact]
    public void NotReadyReason_EverythingWrong_NamesAllThree()
    {
        var state = new ReadinessState();
        state.SetDraining(true);

        Assert.Equal("not listening, configuration not loaded, draining", state.NotReadyReason());
    }
}
