using Akka.TestKit.Xunit2;

namespace Paralarva.Tests.Listener;

/// <summary>A TestKit with one <see cref="RequestActorFixture"/>, disposed with it: the base of the RequestActor's tests.</summary>
public abstract class RequestActorTestKit : TestKit
{
    /// <summary>The plainest request for the fixture's route.</summary>
    private protected const string Get = "GET / HTTP/1.1\r\nHost: " + RequestActorFixture.Host + "\r\n\r\n";

    private protected RequestActorTestKit() => F = new RequestActorFixture(this);

    private protected RequestActorFixture F { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            F.Dispose();
        base.Dispose(disposing);
    }
}
