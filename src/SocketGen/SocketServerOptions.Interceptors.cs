using SocketGen.Interceptors;

namespace SocketGen;

public sealed partial class SocketServerOptions
{
    /// <summary>Interceptors every call on this server passes through, in order (logging, metrics, auditing); empty by default.</summary>
    public IList<ServerCallInterceptor> Interceptors { get; } = new List<ServerCallInterceptor>();
}
