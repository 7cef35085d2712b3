using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Paralarva.Tests.Common;

/// <summary>
/// A real WebSocket server: in-process Kestrel with <c>UseWebSockets</c> on a kernel-picked loopback port.
/// <c>/echo</c> sends every message back as it came (text or binary, any size) and answers a close with a close;
/// <c>/close-after-first</c> echoes one message, then closes from the server side with status 4001 "bye".
/// Every other path, or a request that is not a WebSocket handshake, is a plain 200 "plain".
/// </summary>
public sealed class WebSocketOrigin : IAsyncDisposable
{
    public const int ServerCloseStatus = 4001;

    private readonly WebApplication _app;
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closeSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebSocketOrigin(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Completes with the status of the first close the echo endpoint received from a client.</summary>
    public Task<WebSocketCloseStatus?> ClientCloseSeen => _closeSeen.Task;

    public static async Task<WebSocketOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebSocketOrigin? origin = null;
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await context.Response.WriteAsync("plain");
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await origin!.ServeAsync(socket, closeAfterFirst: context.Request.Path == "/close-after-first");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        origin = new WebSocketOrigin(app, new Uri(address).Port);
        return origin;
    }

    private async Task ServeAsync(WebSocket socket, bool closeAfterFirst)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _closeSeen.TrySetResult(result.CloseStatus);
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, timeout.Token);
                return;
            }

            await socket.SendAsync(message.ToArray(), result.MessageType, endOfMessage: true, timeout.Token);
            if (closeAfterFirst)
            {
                await socket.CloseAsync((WebSocketCloseStatus)ServerCloseStatus, "bye", timeout.Token);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
