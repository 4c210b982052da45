using System.Net;
using System.Net.Sockets;
using SocketGen.Framing;
using SocketGen.Security;

namespace SocketGen.Connections;

/// <summary>Who is on the other end: the accepting side's authentication and the peer's identity.</summary>
internal sealed partial class FramedConnection
{
    private ConnectionIdentity? _identity;

    /// <summary>Who is on the other end; set once the handshake (and, when accepted, authentication) completed.</summary>
    public ConnectionIdentity? Identity => _identity;

    /// <summary>
    /// Establishes an accepted connection's identity once TLS is up and the preface arrived: runs the
    /// connection authenticator when there is one, under the handshake timeout.
    /// </summary>
    /// <exception cref="AccessDeniedException">The authenticator refused the connection.</exception>
    private ValueTask AuthenticateAsync()
    {
        EndPoint? remote = RemoteEndPointOrNull();
        ConnectionAuthenticator? authenticate = _settings.Authenticator;
        if (authenticate is null)
        {
            _identity = new ConnectionIdentity(remote, _stream.RemoteCertificate, null, null);
            return default;
        }

        return AuthenticateWithHookAsync(authenticate, remote);
    }

    private async ValueTask AuthenticateWithHookAsync(ConnectionAuthenticator authenticate, EndPoint? remote)
    {
        var context = new ConnectionAuthenticationContext(_settings.ContractName, remote, LocalEndPointOrNull(), _stream.RemoteCertificate, _stream.Protocol);
        using var timeout = new CancellationTokenSource();
        if (_settings.HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(Timing.Timeouts.ForTimer(_settings.HandshakeTimeout));
        }

        ConnectionAuthenticationResult result;
        try
        {
            result = await authenticate(context, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new AccessDeniedException($"authentication did not complete within {_settings.HandshakeTimeout}", ex);
        }

        if (!result.IsAccepted)
        {
            throw new AccessDeniedException(Rpc.RpcErrorCode.Unauthenticated, result.RejectionReason ?? "the connection was refused");
        }

        _identity = new ConnectionIdentity(remote, _stream.RemoteCertificate, result.Name, result.State);
    }

    /// <summary>
    /// Holds the frames that arrived with the preface, before the connection was let in, to the
    /// pre-authentication cap: an oversized one closes the connection before the authenticator even runs.
    /// </summary>
    /// <exception cref="LimitExceededException">A frame declares more than the cap.</exception>
    private void CheckFramesBeforeAuthentication()
    {
        if (_settings.Authenticator is null)
        {
            // Nothing to wait for: the receive loop holds these frames to the cap as it reads them.
            return;
        }

        int limit = _settings.PreAuthenticationMaxFramePayloadLength;
        ReadOnlySpan<byte> received = _input.Data;
        try
        {
            while (FrameHeader.TryReadFrame(received, limit, out _, out int frameLength))
            {
                received = received.Slice(frameLength);
            }
        }
        catch (LimitExceededException ex)
        {
            throw new LimitExceededException("Before authentication: " + ex.Message, ex);
        }
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
