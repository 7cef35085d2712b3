namespace Paralarva.Host.Hosting;

/// <summary>The proxy could not start (for example its port is taken); the message is for the operator.</summary>
internal sealed class ProxyStartException(string message) : Exception(message);
