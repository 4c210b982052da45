using SocketGen.Sockets;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>What a member of a socket type does to the socket's lifecycle.</summary>
internal enum SocketCallKind
{
    /// <summary>Not a lifecycle matter (object members, pure getters).</summary>
    None,

    /// <summary>One of the state table's operations (<see cref="SocketCall.Operation"/>).</summary>
    Operation,

    /// <summary>Any other use: legal in every state but Closed.</summary>
    Use,

    /// <summary>A use after which the state is no longer known (Disconnect, which can make the socket reusable).</summary>
    UseThenUnknown,

    /// <summary>TcpListener.Stop and Dispose: the listener stops listening but keeps its endpoint and can start again.</summary>
    StopListening,
}

/// <summary>A classified call or member access on a tracked socket.</summary>
internal readonly struct SocketCall
{
    public SocketCall(SocketCallKind kind, SocketOperation operation = SocketOperation.Close)
    {
        Kind = kind;
        Operation = operation;
    }

    /// <summary>What the member does.</summary>
    public SocketCallKind Kind { get; }

    /// <summary>The table operation, when <see cref="Kind"/> is <see cref="SocketCallKind.Operation"/>.</summary>
    public SocketOperation Operation { get; }

    /// <summary>A call that is not a lifecycle matter.</summary>
    public static SocketCall None => new SocketCall(SocketCallKind.None);

    /// <summary>A call that performs <paramref name="operation"/>.</summary>
    public static SocketCall Of(SocketOperation operation) => new SocketCall(SocketCallKind.Operation, operation);
}
