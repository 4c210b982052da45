using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SocketGen.Diagnostics;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Security;

/// <summary>
/// Establishes TLS under the framing, before the SocketGen preface: TLS 1.2 and 1.3 only, certificates
/// validated by default, and a peer that speaks plaintext where TLS is expected (or the reverse) told so
/// in words at once instead of left waiting.
/// </summary>
internal static class TlsNegotiation
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The first byte of every TLS record that starts a handshake (content type 22).</summary>
    private const byte TlsHandshakeRecord = 0x16;

    /// <summary>The stream for an accepted connection; with TLS the handshake starts now and reads wait for it.</summary>
    /// <param name="socket">The accepted socket.</param>
    /// <param name="options">The server's options (its TLS settings).</param>
    /// <param name="peerSpeaksSocketGen">
    /// Whether the connection carries SocketGen's own protocol. Only then is a plaintext client that sent SocketGen's
    /// preface answered with a SocketGen error frame; a protocol endpoint (a protocol someone else defined) never
    /// sends SocketGen bytes: a client that does not start a TLS handshake is closed without a word.
    /// </param>
    public static TransportStream CreateServerStream(Socket socket, SocketServerOptions options, bool peerSpeaksSocketGen = true)
    {
        Stream network = RpcTransport.CreateStream(socket);
        ServerTlsOptions? tls = options.Tls;
        if (tls is null)
        {
            return new TransportStream(network, null, SocketGenMetrics.ServerNetworkIo);
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        Task handshake = AuthenticateServerAsync(socket, network, ssl, tls, peerSpeaksSocketGen);
        return new TransportStream(ssl, handshake, SocketGenMetrics.ServerNetworkIo);
    }

    /// <summary>
    /// The stream for a client connection; with TLS the handshake completes (or fails) here, within the
    /// handshake timeout, before the preface is sent.
    /// </summary>
    /// <exception cref="AuthenticationException">The handshake failed; the message says why.</exception>
    /// <exception cref="ConnectionLostException">The handshake did not complete in time.</exception>
    /// <param name="socket">The connected socket.</param>
    /// <param name="options">The client's options (its TLS settings and handshake timeout).</param>
    /// <param name="host">The name the client connected to, for the certificate check.</param>
    /// <param name="peerSpeaksSocketGen">Whether the server speaks SocketGen's own protocol, so that a failed handshake may be explained by its plaintext framing.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    public static async ValueTask<TransportStream> ConnectClientAsync(Socket socket, SocketClientOptions options, string? host, bool peerSpeaksSocketGen, CancellationToken cancellationToken)
    {
        Stream network = RpcTransport.CreateStream(socket);
        ClientTlsOptions? tls = options.Tls;
        if (tls is null)
        {
            return new TransportStream(network, null, SocketGenMetrics.ClientNetworkIo);
        }

        string targetHost = tls.TargetHost ?? host ?? (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "localhost";
        var recorder = new FirstBytesRecorder(network);
        var ssl = new SslStream(recorder, leaveInnerStreamOpen: false);
        string? failure = null;
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (tls.ServerCertificateValidation is { } validate)
                {
                    bool accepted = validate(sender, certificate, chain, errors);
                    failure = accepted ? null : "the client's certificate validation callback rejected the server's certificate";
                    return accepted;
                }

                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                failure = CertificateErrors.Describe("the server's", errors, chain, targetHost);
                return false;
            },
        };
        if (tls.TrustedRootCertificates.Count > 0)
        {
            authentication.CertificateChainPolicy = CustomTrust(tls.TrustedRootCertificates, tls.CheckCertificateRevocation);
        }

        if (tls.ClientCertificate is { } clientCertificate)
        {
            // Always offer the configured certificate, whatever authorities the server lists.
            authentication.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timing.Timeouts.ForTimer(options.HandshakeTimeout));
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, timeout.Token).ConfigureAwait(false);
            return new TransportStream(ssl, null, SocketGenMetrics.ClientNetworkIo);
        }
        catch (Exception ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (SocketGenMetrics.ClientTlsHandshakeFailures.Enabled)
            {
                SocketGenMetrics.ClientTlsHandshakeFailures.Add(1);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (ex is OperationCanceledException)
            {
                throw new ConnectionLostException($"The TLS handshake with the server did not complete within {options.HandshakeTimeout}.", ex);
            }

            string reason = failure
                ?? (peerSpeaksSocketGen && recorder.LooksLikeSocketGenFrame ? "the server answered in plaintext SocketGen framing: it does not have TLS enabled" : null)
                ?? (recorder.ReceivedNothing ? "the server closed the connection during the handshake" : ex.Message);
            throw new AuthenticationException("The TLS handshake with the server failed: " + reason + ".", ex);
        }
    }

    private static async Task AuthenticateServerAsync(Socket socket, Stream network, SslStream ssl, ServerTlsOptions tls, bool peerSpeaksSocketGen)
    {
        // Look at the first byte without taking it: a plaintext SocketGen client is told in its own framing
        // that TLS is required, instead of failing on bytes it cannot parse.
        byte[] first = new byte[ConnectionPreface.Size];
        int peeked;
        try
        {
            peeked = await socket.ReceiveAsync(first.AsMemory(0, 1), SocketFlags.Peek).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw new AuthenticationException("The TLS handshake failed: the connection failed before the client sent anything.", ex);
        }

        if (peeked == 0)
        {
            throw new AuthenticationException("The TLS handshake failed: the client closed the connection without sending anything.");
        }

        if (peerSpeaksSocketGen && first[0] == ConnectionPreface.Magic[0])
        {
            await RefusePlaintextAsync(network, first).ConfigureAwait(false);
            throw new AuthenticationException("The TLS handshake failed: the client sent a plaintext SocketGen preface, and this server requires TLS.");
        }

        if (first[0] != TlsHandshakeRecord)
        {
            throw new AuthenticationException($"The TLS handshake failed: the client did not start a TLS handshake (first byte 0x{first[0]:X2}).");
        }

        string? failure = null;
        var authentication = new SslServerAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = tls.ClientCertificateMode != ClientCertificateMode.NoCertificate,
            CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (tls.ClientCertificateValidation is { } validate)
                {
                    bool accepted = validate(sender, certificate, chain, errors);
                    failure = accepted ? null : "the server's certificate validation callback rejected the client's certificate";
                    return accepted;
                }

                if (certificate is null)
                {
                    if (tls.ClientCertificateMode == ClientCertificateMode.RequireCertificate)
                    {
                        failure = "the client presented no certificate, and this server requires one (mutual TLS)";
                        return false;
                    }

                    return true;
                }

                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                failure = CertificateErrors.Describe("the client's", errors, chain, null);
                return false;
            },
        };
        if (tls.ServerCertificateSelector is { } select)
        {
            authentication.ServerCertificateSelectionCallback = (_, hostName) =>
                select(string.IsNullOrEmpty(hostName) ? null : hostName)
                ?? throw new AuthenticationException($"No server certificate was selected for the host name '{hostName}'.");
        }
        else
        {
            authentication.ServerCertificate = tls.ServerCertificate;
        }

        if (tls.TrustedClientCertificateAuthorities.Count > 0)
        {
            authentication.CertificateChainPolicy = CustomTrust(tls.TrustedClientCertificateAuthorities, tls.CheckCertificateRevocation);
        }

        try
        {
            await ssl.AuthenticateAsServerAsync(authentication, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new AuthenticationException("The TLS handshake failed: " + (failure ?? ex.Message), ex);
        }
    }

    /// <summary>Reads the plaintext preface (so closing does not reset the connection) and answers with an error frame.</summary>
    private static async Task RefusePlaintextAsync(Stream network, byte[] preface)
    {
        try
        {
            await network.ReadAtLeastAsync(preface, ConnectionPreface.Size, throwOnEndOfStream: false).ConfigureAwait(false);
            byte[] frame = ErrorFrame(RpcErrorCode.ProtocolViolation, "SocketGen.TlsRequired", "This server requires TLS; the client connected in plaintext (set SocketClientOptions.Tls).");
            await network.WriteAsync(frame).ConfigureAwait(false);
            await network.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone already; the log still says why.
        }
    }

    private static byte[] ErrorFrame(RpcErrorCode code, string typeName, string message)
    {
        WireBuffer buffer = WireBuffer.Rent(64 * 1024);
        try
        {
            var writer = new WireWriter(buffer);
            ErrorPayload.Write(ref writer, code, typeName, message, null);
            byte[] frame = new byte[FrameHeader.Size + buffer.Length];
            new FrameHeader(FrameType.Error, FrameFlags.None, 0, 0, buffer.Length).Write(frame);
            buffer.WrittenSpan.CopyTo(frame.AsSpan(FrameHeader.Size));
            return frame;
        }
        finally
        {
            WireBuffer.Return(buffer);
        }
    }

    private static X509ChainPolicy CustomTrust(X509Certificate2Collection roots, bool checkRevocation)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    /// <summary>Remembers the first bytes the server sent, to tell "the server does not speak TLS" from other failures.</summary>
    private sealed class FirstBytesRecorder(Stream inner) : Stream
    {
        private readonly byte[] _first = new byte[4];
        private int _recorded;

        /// <summary>True when the server sent nothing before the handshake failed.</summary>
        public bool ReceivedNothing => _recorded == 0;

        /// <summary>True when the server's first bytes are a SocketGen frame header (type, flags, reserved zeros), not a TLS record.</summary>
        public bool LooksLikeSocketGenFrame => _recorded >= 4 && _first[0] is >= 1 and <= 11 && _first[1] == 0 && _first[2] == 0 && _first[3] == 0;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Record(buffer.Span.Slice(0, count));
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            Record(buffer.AsSpan(offset, read));
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Record(ReadOnlySpan<byte> received)
        {
            if (_recorded < _first.Length)
            {
                int take = Math.Min(_first.Length - _recorded, received.Length);
                received.Slice(0, take).CopyTo(_first.AsSpan(_recorded));
                _recorded += take;
            }
        }
    }
}
