using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Listener;

/// <summary>Exchange parts are reused across connections with the same settings, within a bound.</summary>
public sealed class ExchangePartsPoolTests
{
    private static ConnectionContext NewContext(int maxHeaderCount = 100) =>
        new(new RouteTableHolder(new RouteTable([])), ProxyOptions.Default, LimitsConfig.Default with { MaxHeaderCount = maxHeaderCount }, ActorRefs.Nobody);

    [Fact]
    public void Take_AfterReturn_GivesTheSameSetBack_WiredToItsOwnParts()
    {
        var pool = new ExchangePartsPool();
        var context = NewContext();
        var parts = pool.Take(context);

        pool.Return(parts);

        Assert.Same(parts, pool.Take(context));
        Assert.Equal(0, pool.Count);
        Assert.Same(context, parts.Context);
    }

    [Fact]
    public void Take_AfterAReload_MakesASetForTheNewSettings_AndDropsTheOldOnes()
    {
        var pool = new ExchangePartsPool();
        var before = NewContext(maxHeaderCount: 100);
        var after = NewContext(maxHeaderCount: 10);
        pool.Return(pool.Take(before));

        var parts = pool.Take(after);

        Assert.Same(after, parts.Context);
        Assert.Equal(10, parts.Request.MaxHeaderCount);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Return_BeyondCapacity_LeavesTheSetToTheCollector()
    {
        var pool = new ExchangePartsPool(capacity: 2);
        var context = NewContext();
        var sets = Enumerable.Range(0, 3).Select(_ => pool.Take(context)).ToList();

        sets.ForEach(pool.Return);

        Assert.Equal(2, pool.Count);
    }
}
