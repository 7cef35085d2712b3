using System.Net;
using System.Net.Sockets;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Infra;

/// <summary>A connected loopback pair: the test writes the server side's bytes by hand.</summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private ScriptedPeer(Socket server, RawHttpClient client)
    {
        Server = server;
        Client = client;
    }

    public Socket Server { get; }

    public RawHttpClient Client { get; }

    public static async Task<ScriptedPeer> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accept = listener.AcceptAsync();
        var client = await RawHttpClient.ConnectAsync(((IPEndPoint)listener.LocalEndPoint!).Port);
        var server = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        server.NoDelay = true;
        return new ScriptedPeer(server, client);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            bytes = bytes[await Server.SendAsync(bytes, SocketFlags.None)..];
        }
    }

    public Task SendAsync(string text) => SendAsync(System.Text.Encoding.Latin1.GetBytes(text));

    public async ValueTask DisposeAsync()
    {
        Server.Dispose();
        await Client.DisposeAsync();
    }
}
