using Microsoft.Extensions.Configuration;
using SocketGen.Security;

namespace SocketGen.Hosting;

/// <summary>
/// How a hosted SocketGen client connects: the server's address, the client's limits
/// (<see cref="Client"/>, with reconnect on by default), and TLS from certificate files.
/// </summary>
public sealed class SocketClientHostOptions
{
    /// <summary>Creates the options with reconnect turned on, as a long-lived service client wants.</summary>
    public SocketClientHostOptions() => Client.Reconnect = true;

    /// <summary>Limits, timeouts, keep-alive and reconnect of the client; <see cref="SocketClientOptions.Tls"/> may be set directly.</summary>
    public SocketClientOptions Client { get; } = new();

    /// <summary>The server's endpoint string (<c>localhost:5000</c>, <c>unix:/run/app.sock</c>).</summary>
    public string? Address { get; set; }

    /// <summary>Whether to connect with TLS (implied by <see cref="TrustedRootCertificatePath"/> or <see cref="CertificatePath"/>).</summary>
    public bool UseTls { get; set; }

    /// <summary>The name the server's certificate must carry; by default the host of <see cref="Address"/>.</summary>
    public string? TargetHost { get; set; }

    /// <summary>A PEM bundle of the roots the server's certificate must chain to; without it the system trust store is used.</summary>
    public string? TrustedRootCertificatePath { get; set; }

    /// <summary>The client certificate file for mutual TLS (PEM, or PKCS#12 ending in .pfx or .p12).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is not in the same file.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of an encrypted key or PKCS#12 file.</summary>
    public string? CertificatePassword { get; set; }

    internal string AddressSetting { get; private set; } = nameof(Address);

    internal string TrustedRootCertificatePathSetting { get; private set; } = nameof(TrustedRootCertificatePath);

    internal string CertificatePathSetting { get; private set; } = nameof(CertificatePath);

    internal string CertificateKeyPathSetting { get; private set; } = nameof(CertificateKeyPath);

    /// <summary>Connects to an endpoint string.</summary>
    /// <param name="address">For example <c>localhost:5000</c> or <c>unix:/run/app.sock</c>.</param>
    /// <returns>These options.</returns>
    public SocketClientHostOptions Connect(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        (Address, AddressSetting) = (address, $"Connect(\"{address}\")");
        return this;
    }

    /// <summary>
    /// Reads settings from a configuration section: <c>Address</c>, <c>HandshakeTimeout</c>, <c>CallTimeout</c>,
    /// <c>KeepAliveInterval</c>, <c>KeepAliveTimeout</c>, <c>Reconnect</c>, <c>MaxReconnectAttempts</c>,
    /// <c>MaxFramePayloadLength</c>, and under <c>Tls</c>: <c>Enabled</c>, <c>TargetHost</c>,
    /// <c>TrustedRootCertificatePath</c>, <c>CertificatePath</c>, <c>CertificateKeyPath</c>, <c>CertificatePassword</c>.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <returns>These options.</returns>
    /// <exception cref="InvalidOperationException">A value does not parse; the message names the setting.</exception>
    public SocketClientHostOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        ConfigurationReader.ReadString(section, "Address", v => (Address, AddressSetting) = (v, ConfigurationReader.PathOf(section, "Address")));
        ConfigurationReader.ReadTimeSpan(section, "HandshakeTimeout", v => Client.HandshakeTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "CallTimeout", v => Client.CallTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "KeepAliveInterval", v => Client.KeepAliveInterval = v);
        ConfigurationReader.ReadTimeSpan(section, "KeepAliveTimeout", v => Client.KeepAliveTimeout = v);
        ConfigurationReader.ReadBoolean(section, "Reconnect", v => Client.Reconnect = v);
        ConfigurationReader.ReadInt32(section, "MaxReconnectAttempts", v => Client.MaxReconnectAttempts = v);
        ConfigurationReader.ReadInt32(section, "MaxFramePayloadLength", v => Client.MaxFramePayloadLength = v);

        IConfigurationSection tls = section.GetSection("Tls");
        ConfigurationReader.ReadBoolean(tls, "Enabled", v => UseTls = v);
        ConfigurationReader.ReadString(tls, "TargetHost", v => TargetHost = v);
        ConfigurationReader.ReadString(tls, "TrustedRootCertificatePath", v => (TrustedRootCertificatePath, TrustedRootCertificatePathSetting) = (v, ConfigurationReader.PathOf(tls, "TrustedRootCertificatePath")));
        ConfigurationReader.ReadString(tls, "CertificatePath", v => (CertificatePath, CertificatePathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificatePath")));
        ConfigurationReader.ReadString(tls, "CertificateKeyPath", v => (CertificateKeyPath, CertificateKeyPathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificateKeyPath")));
        ConfigurationReader.ReadString(tls, "CertificatePassword", v => CertificatePassword = v);
        return this;
    }

    /// <summary>Sets up <see cref="SocketClientOptions.Tls"/> from the files and names given, when TLS is wanted.</summary>
    internal void ApplyTls(string? host)
    {
        bool wanted = UseTls || TrustedRootCertificatePath is not null || CertificatePath is not null || Client.Tls is not null;
        if (!wanted)
        {
            return;
        }

        var tls = Client.Tls ?? new ClientTlsOptions();
        tls.TargetHost ??= TargetHost ?? host;
        if (TrustedRootCertificatePath is not null)
        {
            tls.TrustedRootCertificates.AddRange(CertificateFiles.LoadBundle(TrustedRootCertificatePath, TrustedRootCertificatePathSetting));
        }

        if (CertificatePath is not null)
        {
            tls.ClientCertificate = CertificateFiles.LoadWithKey(CertificatePath, CertificatePathSetting, CertificateKeyPath, CertificateKeyPathSetting, CertificatePassword);
        }

        Client.Tls = tls;
    }
}
