using Microsoft.Extensions.Configuration;
using SocketGen.Security;

namespace SocketGen.Hosting;

/// <summary>
/// How a hosted SocketGen server listens and behaves: its endpoints, its limits and hooks
/// (<see cref="Server"/>), and TLS from certificate files. Filled by code, by <see cref="Bind"/> from
/// configuration, or both; problems are reported when the host starts, naming the setting.
/// </summary>
public sealed class SocketServerHostOptions
{
    private readonly List<(string Value, string Setting)> _endpoints = new();
    private TimeSpan _drainNoticeDelay;

    /// <summary>Limits, timeouts and security hooks of the server; <see cref="SocketServerOptions.Tls"/> may be set directly instead of the certificate paths.</summary>
    public SocketServerOptions Server { get; } = new();

    /// <summary>The endpoints to listen on, as endpoint strings (<c>0.0.0.0:5000</c>, <c>[::]:5000</c>, <c>unix:/run/app.sock</c>).</summary>
    public IReadOnlyList<string> Endpoints => _endpoints.ConvertAll(e => e.Value);

    /// <summary>
    /// On stop, how long the server keeps serving while its health already says draining (default none): give
    /// readiness probes and health-checking balancers this long to stop sending it calls before goaway.
    /// </summary>
    public TimeSpan DrainNoticeDelay
    {
        get => _drainNoticeDelay;
        set => _drainNoticeDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must not be negative.");
    }

    /// <summary>Whether to serve the sockets systemd passed to the process (LISTEN_FDS), in addition to <see cref="Endpoints"/>.</summary>
    public bool ListenOnSystemdSockets { get; set; }

    /// <summary>The server certificate file (PEM, or PKCS#12 when it ends in .pfx or .p12); setting it turns TLS on.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is not in the same file.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of an encrypted key or PKCS#12 file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Whether clients must present a certificate (mutual TLS).</summary>
    public ClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>A PEM bundle of the authorities client certificates must chain to; without it the system trust store is used.</summary>
    public string? ClientCertificateAuthorityPath { get; set; }

    internal IReadOnlyList<(string Value, string Setting)> EndpointSettings => _endpoints;

    internal string CertificatePathSetting { get; private set; } = nameof(CertificatePath);

    internal string CertificateKeyPathSetting { get; private set; } = nameof(CertificateKeyPath);

    internal string ClientCertificateAuthorityPathSetting { get; private set; } = nameof(ClientCertificateAuthorityPath);

    /// <summary>Listens on an endpoint string, in addition to any already given.</summary>
    /// <param name="endpoint">For example <c>0.0.0.0:5000</c>, <c>[::1]:5000</c> or <c>unix:/run/app.sock</c>; port 0 picks a free port.</param>
    /// <returns>These options.</returns>
    public SocketServerHostOptions Listen(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _endpoints.Add((endpoint, $"Listen(\"{endpoint}\")"));
        return this;
    }

    /// <summary>Serves the sockets systemd passed to the process (socket activation).</summary>
    /// <returns>These options.</returns>
    public SocketServerHostOptions ListenFromSystemd()
    {
        ListenOnSystemdSockets = true;
        return this;
    }

    /// <summary>
    /// Reads settings from a configuration section: <c>Endpoints</c> (a list), <c>ListenFromSystemd</c>,
    /// <c>MaxFramePayloadLength</c>, <c>MaxConcurrentCallsPerConnection</c>, <c>MaxQueuedCallsPerConnection</c>,
    /// <c>MaxQueuedCallBytesPerConnection</c>, <c>MaxStreamCredit</c>, <c>MinSendDataRate</c>,
    /// <c>MinSendDataRateGracePeriod</c>, <c>MaxConnections</c>,
    /// <c>PreAuthenticationMaxFramePayloadLength</c>, <c>ListenBacklog</c>, <c>ReusePort</c>, <c>IdleTimeout</c>,
    /// <c>HandshakeTimeout</c>, <c>DrainTimeout</c>, <c>DrainNoticeDelay</c>, <c>IncludeExceptionDetails</c>, <c>MaxCallMetadataBytes</c>,
    /// <c>CallbackTimeout</c>, and under <c>Tls</c>:
    /// <c>CertificatePath</c>, <c>CertificateKeyPath</c>, <c>CertificatePassword</c>,
    /// <c>ClientCertificateMode</c>, <c>ClientCertificateAuthorityPath</c>.
    /// </summary>
    /// <param name="section">The section, for example <c>configuration.GetSection("Calculator")</c>.</param>
    /// <returns>These options.</returns>
    /// <exception cref="InvalidOperationException">A value does not parse; the message names the setting.</exception>
    public SocketServerHostOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        ConfigurationReader.ReadList(section, "Endpoints", (value, setting) => _endpoints.Add((value, setting)));
        ConfigurationReader.ReadBoolean(section, "ListenFromSystemd", v => ListenOnSystemdSockets = v);
        ConfigurationReader.ReadInt32(section, "MaxFramePayloadLength", v => Server.MaxFramePayloadLength = v);
        ConfigurationReader.ReadInt32(section, "MaxConcurrentCallsPerConnection", v => Server.MaxConcurrentCallsPerConnection = v);
        ConfigurationReader.ReadInt32(section, "MaxQueuedCallsPerConnection", v => Server.MaxQueuedCallsPerConnection = v);
        ConfigurationReader.ReadInt32(section, "MaxQueuedCallBytesPerConnection", v => Server.MaxQueuedCallBytesPerConnection = v);
        ConfigurationReader.ReadInt32(section, "MaxStreamCredit", v => Server.MaxStreamCredit = v);
        ConfigurationReader.ReadInt32(section, "MinSendDataRate", v => Server.MinSendDataRate = v);
        ConfigurationReader.ReadTimeSpan(section, "MinSendDataRateGracePeriod", v => Server.MinSendDataRateGracePeriod = v);
        ConfigurationReader.ReadInt32(section, "MaxConnections", v => Server.MaxConnections = v);
        ConfigurationReader.ReadInt32(section, "PreAuthenticationMaxFramePayloadLength", v => Server.PreAuthenticationMaxFramePayloadLength = v);
        ConfigurationReader.ReadInt32(section, "ListenBacklog", v => Server.ListenBacklog = v);
        ConfigurationReader.ReadBoolean(section, "ReusePort", v => Server.ReusePort = v);
        ConfigurationReader.ReadTimeSpan(section, "IdleTimeout", v => Server.IdleTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "HandshakeTimeout", v => Server.HandshakeTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "DrainTimeout", v => Server.DrainTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "DrainNoticeDelay", v => DrainNoticeDelay = v);
        ConfigurationReader.ReadBoolean(section, "IncludeExceptionDetails", v => Server.IncludeExceptionDetails = v);
        ConfigurationReader.ReadInt32(section, "MaxCallMetadataBytes", v => Server.MaxCallMetadataBytes = v);
        ConfigurationReader.ReadTimeSpan(section, "CallbackTimeout", v => Server.CallbackTimeout = v);

        IConfigurationSection tls = section.GetSection("Tls");
        ConfigurationReader.ReadString(tls, "CertificatePath", v => (CertificatePath, CertificatePathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificatePath")));
        ConfigurationReader.ReadString(tls, "CertificateKeyPath", v => (CertificateKeyPath, CertificateKeyPathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificateKeyPath")));
        ConfigurationReader.ReadString(tls, "CertificatePassword", v => CertificatePassword = v);
        ConfigurationReader.ReadEnum<ClientCertificateMode>(tls, "ClientCertificateMode", v => ClientCertificateMode = v);
        ConfigurationReader.ReadString(tls, "ClientCertificateAuthorityPath", v => (ClientCertificateAuthorityPath, ClientCertificateAuthorityPathSetting) = (v, ConfigurationReader.PathOf(tls, "ClientCertificateAuthorityPath")));
        return this;
    }

    /// <summary>Loads the TLS certificate files into <see cref="Server"/>, when a certificate path is set.</summary>
    internal void ApplyCertificateFiles()
    {
        if (CertificatePath is null)
        {
            return;
        }

        var tls = Server.Tls ?? new ServerTlsOptions();
        tls.ServerCertificate = CertificateFiles.LoadWithKey(CertificatePath, CertificatePathSetting, CertificateKeyPath, CertificateKeyPathSetting, CertificatePassword);
        tls.ClientCertificateMode = ClientCertificateMode;
        if (ClientCertificateAuthorityPath is not null)
        {
            tls.TrustedClientCertificateAuthorities.AddRange(CertificateFiles.LoadBundle(ClientCertificateAuthorityPath, ClientCertificateAuthorityPathSetting));
        }

        Server.Tls = tls;
    }
}
