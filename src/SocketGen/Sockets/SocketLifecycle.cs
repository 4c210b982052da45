// The one table of socket states and legal transitions. The runtime's typed lifecycle
// (SocketListener, SocketConnection), the lifecycle analyzers (compiled in as a linked file) and the
// rule documentation all follow it. Keep this file free of anything newer than netstandard2.0 and C# 7.3
// features the analyzer project cannot compile.
namespace SocketGen.Sockets
{
    /// <summary>The states a stream socket moves through, as in the BSD socket API.</summary>
    internal enum SocketState
    {
        /// <summary>Returned by socket(): neither bound nor connected.</summary>
        Created,

        /// <summary>Given a local address by bind().</summary>
        Bound,

        /// <summary>Marked passive by listen(): a receptionist that only accepts.</summary>
        Listening,

        /// <summary>Carrying a conversation: by connect(), or returned by accept().</summary>
        Connected,

        /// <summary>Closed or disposed: no operation is legal any more.</summary>
        Closed,
    }

    /// <summary>The operations that move a socket between states or need a particular state.</summary>
    internal enum SocketOperation
    {
        Bind,
        Listen,
        Accept,
        Connect,
        Send,
        Receive,
        Shutdown,
        Close,
    }

    /// <summary>Why an operation is not legal in a state; <see cref="None"/> when it is.</summary>
    internal enum SocketMisuse
    {
        None,

        /// <summary>connect() on a listening socket.</summary>
        ConnectOnListening,

        /// <summary>listen() on a socket that was never bound.</summary>
        ListenWithoutBind,

        /// <summary>accept() on a socket that is not listening.</summary>
        AcceptWithoutListen,

        /// <summary>Any operation after close.</summary>
        UseAfterClose,

        /// <summary>bind() on a socket that is already bound, listening or connected.</summary>
        BindTwice,

        /// <summary>connect() on a socket that is already connected (EISCONN).</summary>
        ConnectWhenConnected,

        /// <summary>send()/recv() on a listening socket.</summary>
        DataOnListening,

        /// <summary>send()/recv() on a socket that is neither connected nor listening.</summary>
        DataWhenNotConnected,
    }

    /// <summary>The state table: what each operation requires and what it leads to.</summary>
    internal static class SocketLifecycle
    {
        /// <summary>Says whether <paramref name="operation"/> is legal in <paramref name="state"/>, and why not.</summary>
        public static SocketMisuse Check(SocketState state, SocketOperation operation)
        {
            if (state == SocketState.Closed)
            {
                // Close after close is harmless (Dispose is idempotent); everything else is use after close.
                return operation == SocketOperation.Close ? SocketMisuse.None : SocketMisuse.UseAfterClose;
            }

            switch (operation)
            {
                case SocketOperation.Bind:
                    return state == SocketState.Created ? SocketMisuse.None : SocketMisuse.BindTwice;
                case SocketOperation.Listen:
                    if (state == SocketState.Bound || state == SocketState.Listening)
                    {
                        return SocketMisuse.None; // listen() again only changes the backlog
                    }

                    return state == SocketState.Created ? SocketMisuse.ListenWithoutBind : SocketMisuse.AcceptWithoutListen;
                case SocketOperation.Accept:
                    return state == SocketState.Listening ? SocketMisuse.None : SocketMisuse.AcceptWithoutListen;
                case SocketOperation.Connect:
                    if (state == SocketState.Listening)
                    {
                        return SocketMisuse.ConnectOnListening;
                    }

                    return state == SocketState.Connected ? SocketMisuse.ConnectWhenConnected : SocketMisuse.None;
                case SocketOperation.Send:
                case SocketOperation.Receive:
                case SocketOperation.Shutdown:
                    if (state == SocketState.Listening)
                    {
                        return SocketMisuse.DataOnListening;
                    }

                    return state == SocketState.Connected ? SocketMisuse.None : SocketMisuse.DataWhenNotConnected;
                default:
                    return SocketMisuse.None;
            }
        }

        /// <summary>The state after <paramref name="operation"/> succeeds in <paramref name="state"/>.</summary>
        public static SocketState Next(SocketState state, SocketOperation operation)
        {
            switch (operation)
            {
                case SocketOperation.Bind:
                    return SocketState.Bound;
                case SocketOperation.Listen:
                    return SocketState.Listening;
                case SocketOperation.Connect:
                    return SocketState.Connected;
                case SocketOperation.Close:
                    return SocketState.Closed;
                default:
                    // accept() leaves the listener listening (the new socket starts Connected);
                    // data and shutdown do not change the state.
                    return state;
            }
        }
    }
}
