using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen.Diagnostics;
using SocketGen.Framing;
using SocketGen.Security;

namespace SocketGen.Rpc;

/// <summary>The security and observability hooks of a server connection: authentication, call authorization, metrics.</summary>
internal sealed partial class ServerConnection
{
    private ConnectionIdentity? _identity;
    private long _acceptedAt;

    /// <summary>Who is on the other end; set once the handshake and authentication completed.</summary>
    public ConnectionIdentity? Identity => _identity;

    private TransportStream Transport => (TransportStream)_stream;

    private void OnAccepted()
    {
        _acceptedAt = Stopwatch.GetTimestamp();
        if (SocketGenMetrics.ServerActiveConnections.Enabled)
        {
            SocketGenMetrics.ServerActiveConnections.Add(1);
        }

        if (_logger is not null)
        {
            ProductionLog.ConnectionAccepted(_logger, _remote, _options.Tls is not null);
        }
    }

    private void OnClosed(string reason)
    {
        if (SocketGenMetrics.ServerActiveConnections.Enabled)
        {
            SocketGenMetrics.ServerActiveConnections.Add(-1);
        }

        if (SocketGenMetrics.ServerConnectionDuration.Enabled)
        {
            SocketGenMetrics.ServerConnectionDuration.Record(Stopwatch.GetElapsedTime(_acceptedAt).TotalSeconds);
        }

        if (!Volatile.Read(ref _handshakeDone) && reason is not CloseReason.PeerClosed and not CloseReason.ServerStopped)
        {
            SocketGenMetrics.RecordRejected(reason);
        }
    }

    /// <summary>
    /// Establishes the connection's identity once TLS is up and the preface arrived: runs the connection
    /// authenticator when there is one, under the handshake timeout.
    /// </summary>
    /// <exception cref="AccessDeniedException">The authenticator refused the connection.</exception>
    private ValueTask AuthenticateAsync()
    {
        EndPoint? remote = RemoteEndPointOrNull();
        TransportStream transport = Transport;
        ConnectionAuthenticator? authenticate = _options.ConnectionAuthenticator;
        if (authenticate is null)
        {
            _identity = new ConnectionIdentity(remote, transport.RemoteCertificate, null, null);
            return default;
        }

        return AuthenticateWithHookAsync(authenticate, remote, transport);
    }

    private async ValueTask AuthenticateWithHookAsync(ConnectionAuthenticator authenticate, EndPoint? remote, TransportStream transport)
    {
        var context = new ConnectionAuthenticationContext(_dispatcher.ContractName, remote, LocalEndPointOrNull(), transport.RemoteCertificate, transport.Protocol);
        using var timeout = new CancellationTokenSource();
        if (_options.HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(Timing.Timeouts.ForTimer(_options.HandshakeTimeout));
        }

        ConnectionAuthenticationResult result;
        try
        {
            result = await authenticate(context, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new AccessDeniedException($"authentication did not complete within {_options.HandshakeTimeout}", ex);
        }

        if (!result.IsAccepted)
        {
            throw new AccessDeniedException(RpcErrorCode.Unauthenticated, result.RejectionReason ?? "the connection was refused");
        }

        _identity = new ConnectionIdentity(remote, transport.RemoteCertificate, result.Name, result.State);
    }

    /// <summary>
    /// Holds the frames that arrived with the preface, before the connection was let in, to the
    /// pre-authentication cap: an oversized one closes the connection before the authenticator even runs.
    /// </summary>
    /// <exception cref="LimitExceededException">A frame declares more than the cap.</exception>
    private void CheckFramesBeforeAuthentication(ReadOnlySequence<byte> buffer)
    {
        if (_options.ConnectionAuthenticator is null)
        {
            // Nothing to wait for: the read loop holds these frames to the cap as it parses them.
            return;
        }

        int limit = _options.PreAuthenticationMaxFramePayloadLength;
        try
        {
            while (FrameParser.TryPeekHeader(buffer, limit, out FrameHeader header) && buffer.Length >= FrameHeader.Size + (long)header.PayloadLength)
            {
                buffer = buffer.Slice(FrameHeader.Size + (long)header.PayloadLength);
            }
        }
        catch (LimitExceededException ex)
        {
            throw new LimitExceededException("Before authentication: " + ex.Message, ex);
        }
    }

    /// <summary>Runs the call authorizer; returns the denial reason, or null when the call may run.</summary>
    private string? AuthorizeCall(uint methodId)
    {
        CallAuthorizer? authorize = _options.CallAuthorizer;
        if (authorize is null || _identity is null)
        {
            return null;
        }

        string method = _dispatcher.GetMethodName(methodId) ?? "?";
        CallAuthorizationResult result = authorize(new CallAuthorizationContext(_dispatcher.ContractName, method, methodId, _identity));
        if (result.IsAllowed)
        {
            return null;
        }

        string reason = result.DenialReason ?? "the call was refused";
        if (_logger is not null)
        {
            ProductionLog.CallDenied(_logger, _remote, _dispatcher.ContractName, method, reason);
        }

        return reason;
    }

    private EndPoint? RemoteEndPointOrNull()
    {
        try
        {
            return _socket.RemoteEndPoint;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private EndPoint? LocalEndPointOrNull()
    {
        try
        {
            return _socket.LocalEndPoint;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
