using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Health.ActiveHealthCheckMessages;

namespace Paralarva.Tests.Health;

public sealed class ActiveHealthCheckActorTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static HealthCheckTarget Target(TimeSpan interval, TimeSpan timeout, int healthy = 2, int unhealthy = 3) =>
        new(new HealthCheckConfig("/healthz", interval, timeout, healthy, unhealthy), "svc.example.com");

    /// <summary>
    /// The check actor with the test actor as both its parent (verdicts) and its MetricsActor (results):
    /// one receiver keeps the order in which the actor sent them.
    /// </summary>
    private void StartChecks(int port, HealthCheckTarget target) =>
        ChildActorOf(ActiveHealthCheckActor.Props("svc", "127.0.0.1:" + port, new IPEndPoint(IPAddress.Loopback, port), target, TestActor));

    private HealthCheckResult NextResult() => ExpectMsg<HealthCheckCompleted>(Wait).Result;

    [Fact]
    public async Task Check_MemberAnswers200_SuccessWithTheCheckRequest()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("fine"));

        StartChecks(origin.Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

        var completed = ExpectMsg<HealthCheckCompleted>(Wait);
        Assert.Equal(("svc", "127.0.0.1:" + origin.Port, HealthCheckResult.Success), (completed.Service, completed.Member, completed.Result));
        var request = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(("GET", "/healthz", "HTTP/1.1"), (request.Method, request.Target, request.Version));
        // RFC 9112 §3.2: Host is mandatory in HTTP/1.1; the service's domain, as clients send it.
        Assert.Equal("svc.example.com", request.Header("Host"));
        Assert.Equal("close", request.Header("Connection"));
        Assert.Equal("paralarva-health-check", request.Header("User-Agent"));
        // The probe waits for the member to close, so the member is never reset mid-answer.
        await origin.WaitForConnectionsClosedAsync(1);
        Assert.Empty(origin.ProtocolErrors);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Check_MemberAnswersAnErrorStatus_BadStatus(int status)
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Empty(status));

        StartChecks(origin.Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

        Assert.Equal(HealthCheckResult.BadStatus, NextResult());
    }

    [Fact]
    public async Task Check_Redirect_Success()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Empty(302).WithHeader("Location", "/elsewhere"));

        StartChecks(origin.Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

        Assert.Equal(HealthCheckResult.Success, NextResult());
    }

    [Fact]
    public async Task Check_MemberNeverAnswers_TimeoutAfterTheCheckTimeout()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("late").After(answer.Task));

        var started = System.Diagnostics.Stopwatch.StartNew();
        StartChecks(origin.Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300)));

        // The timeout at the deadline, not before: time only stretches on a loaded machine, so this cannot flake low.
        Assert.Equal(HealthCheckResult.Timeout, NextResult());
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(290), "timed out after " + started.Elapsed.TotalMilliseconds + " ms");
        // A late answer is no second result for the same check.
        answer.SetResult();
        await origin.WaitForConnectionsClosedAsync(1);
        ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void Check_ConnectionRefused_ConnectionFailed()
    {
        // A bound socket that does not listen: connections to it are refused.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        StartChecks(((IPEndPoint)closed.LocalEndPoint!).Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

        Assert.Equal(HealthCheckResult.ConnectionFailed, NextResult());
    }

    [Fact]
    public async Task Check_MemberClosesWithoutAnswer_ConnectionFailed()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.CloseWithoutAnswer());

        StartChecks(origin.Port, Target(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

        Assert.Equal(HealthCheckResult.ConnectionFailed, NextResult());
    }

    [Fact]
    public async Task Checks_EveryInterval_OneConnectionEach()
    {
        await using var origin = new TestOrigin("a");

        StartChecks(origin.Port, Target(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HealthCheckResult.Success, NextResult());
        var requests = await origin.WaitForRequestsAsync(3);
        Assert.Equal(3, requests.Take(3).Select(r => r.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task Thresholds_UnhealthyAfterThreeFailuresInARow_HealthyAfterTwoPasses()
    {
        var failing = true;
        await using var origin = new TestOrigin("a", _ => Volatile.Read(ref failing) ? OriginResponse.Empty(503) : OriginResponse.Ok("ok"));

        StartChecks(origin.Port, Target(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), healthy: 2, unhealthy: 3));

        // Results and verdicts reach the test actor in the order the check actor sent them.
        Assert.Equal(HealthCheckResult.BadStatus, NextResult());
        Assert.Equal(HealthCheckResult.BadStatus, NextResult());
        Assert.Equal(HealthCheckResult.BadStatus, NextResult());
        Assert.False(ExpectMsg<HealthChanged>(Wait).Healthy);

        Volatile.Write(ref failing, false);
        var sinceChange = new List<HealthCheckResult>();
        for (var i = 0; i < 20; i++)
        {
            var message = ExpectMsg<object>(Wait);
            if (message is HealthChanged changed)
            {
                Assert.True(changed.Healthy);
                Assert.Equal([HealthCheckResult.Success, HealthCheckResult.Success], sinceChange.TakeLast(2));
                Assert.Equal(2, sinceChange.Count(r => r == HealthCheckResult.Success));
                return;
            }

            var result = Assert.IsType<HealthCheckCompleted>(message).Result;
            sinceChange.Add(result);
        }

        Assert.Fail("no return to health after 20 checks: " + string.Join(", ", sinceChange));
    }
}
