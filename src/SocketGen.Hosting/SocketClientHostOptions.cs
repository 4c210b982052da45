using System.Net;
using Microsoft.Extensions.Configuration;
using SocketGen.Addressing;
using SocketGen.Balancing;
using SocketGen.Security;

namespace SocketGen.Hosting;

/// <summary>
/// How a hosted SocketGen client connects: where its servers are (one address, a list, a DNS name resolved
/// again and again, or a resolver of your own), how calls are spread and retried over them, the client's
/// limits (<see cref="Client"/>), and TLS from certificate files.
/// </summary>
public sealed class SocketClientHostOptions
{
    private readonly List<(string Value, string Setting)> _addresses = new();
    private TimeSpan _resolveInterval = TimeSpan.FromSeconds(30);

    /// <summary>Limits, timeouts, keep-alive and reconnect backoff of every server's connection; <see cref="SocketClientOptions.Tls"/> may be set directly.</summary>
    public SocketClientOptions Client { get; } = new();

    /// <summary>
    /// The server's endpoint string (<c>localhost:5000</c>, <c>10.0.0.5:5000</c>, <c>unix:/run/app.sock</c>). A
    /// DNS name stands for every address it resolves to, resolved again every <see cref="ResolveInterval"/>.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>More servers' endpoint strings, balanced together with <see cref="Address"/>.</summary>
    public IReadOnlyList<string> Addresses => _addresses.ConvertAll(a => a.Value);

    /// <summary>A DNS server (<c>10.96.0.10:53</c>) to ask for the addresses of <see cref="Address"/> directly, instead of the system resolver.</summary>
    public string? NameServer { get; set; }

    /// <summary>How often a DNS name is resolved again (default 30 seconds): new servers get calls, vanished ones are drained.</summary>
    public TimeSpan ResolveInterval
    {
        get => _resolveInterval;
        set => _resolveInterval = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The interval must be positive or infinite.");
    }

    /// <summary>A resolver of your own (for example over <c>Microsoft.Extensions.ServiceDiscovery</c>); it replaces the addresses.</summary>
    public IServerResolver? Resolver { get; set; }

    /// <summary>How a server is chosen for each call (default round-robin).</summary>
    public BalancingPolicy Policy { get; set; } = BalancingPolicy.RoundRobin;

    /// <summary>How many servers one call may be tried on (default 3); see <see cref="BalancingOptions.MaxAttempts"/>.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Retries allowed as a share of successful calls (default 0.2); see <see cref="BalancingOptions.RetryBudgetRatio"/>.</summary>
    public double RetryBudgetRatio { get; set; } = 0.2;

    /// <summary>Retries allowed per second whatever the successes (default 10); see <see cref="BalancingOptions.MinRetriesPerSecond"/>.</summary>
    public int MinRetriesPerSecond { get; set; } = 10;

    /// <summary>Hedge idempotent calls after this delay (default none); see <see cref="BalancingOptions.HedgingDelay"/>.</summary>
    public TimeSpan? HedgingDelay { get; set; }

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

    internal string NameServerSetting { get; private set; } = nameof(NameServer);

    internal string TrustedRootCertificatePathSetting { get; private set; } = nameof(TrustedRootCertificatePath);

    internal string CertificatePathSetting { get; private set; } = nameof(CertificatePath);

    internal string CertificateKeyPathSetting { get; private set; } = nameof(CertificateKeyPath);

    /// <summary>Connects to an endpoint string; call it again to balance over several servers.</summary>
    /// <param name="address">For example <c>localhost:5000</c>, <c>svc.cluster.local:5000</c> or <c>unix:/run/app.sock</c>.</param>
    /// <returns>These options.</returns>
    public SocketClientHostOptions Connect(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (Address is null)
        {
            (Address, AddressSetting) = (address, $"Connect(\"{address}\")");
        }
        else
        {
            _addresses.Add((address, $"Connect(\"{address}\")"));
        }

        return this;
    }

    /// <summary>
    /// Reads settings from a configuration section; the README's "Configuration keys" section lists every key:
    /// <c>Address</c>, <c>Addresses</c> (a list), <c>NameServer</c>, <c>ResolveInterval</c>, <c>Policy</c>,
    /// <c>MaxAttempts</c>, <c>RetryBudgetRatio</c>, <c>MinRetriesPerSecond</c>, <c>HedgingDelay</c>,
    /// <c>HandshakeTimeout</c>, <c>CallTimeout</c>, <c>KeepAliveInterval</c>, <c>KeepAliveTimeout</c>,
    /// <c>ReconnectBaseDelay</c>, <c>ReconnectMaxDelay</c>, <c>MaxFramePayloadLength</c>, <c>StreamWindow</c>,
    /// and under <c>Tls</c>: <c>Enabled</c>, <c>TargetHost</c>, <c>TrustedRootCertificatePath</c>,
    /// <c>CertificatePath</c>, <c>CertificateKeyPath</c>, <c>CertificatePassword</c>. Durations take a unit
    /// (<c>30s</c>, <c>500ms</c>) or a TimeSpan (<c>00:00:30</c>); a bare number is refused.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <returns>These options.</returns>
    /// <exception cref="InvalidOperationException">A value does not parse; the message names the setting.</exception>
    public SocketClientHostOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        ConfigurationReader.ReadString(section, "Address", v => (Address, AddressSetting) = (v, ConfigurationReader.PathOf(section, "Address")));
        ConfigurationReader.ReadList(section, "Addresses", (value, setting) => _addresses.Add((value, setting)));
        ConfigurationReader.ReadString(section, "NameServer", v => (NameServer, NameServerSetting) = (v, ConfigurationReader.PathOf(section, "NameServer")));
        ConfigurationReader.ReadTimeSpan(section, "ResolveInterval", v => ResolveInterval = v);
        ConfigurationReader.ReadEnum<BalancingPolicy>(section, "Policy", v => Policy = v);
        ConfigurationReader.ReadInt32(section, "MaxAttempts", v => MaxAttempts = v);
        ConfigurationReader.ReadDouble(section, "RetryBudgetRatio", v => RetryBudgetRatio = v);
        ConfigurationReader.ReadInt32(section, "MinRetriesPerSecond", v => MinRetriesPerSecond = v);
        ConfigurationReader.ReadTimeSpan(section, "HedgingDelay", v => HedgingDelay = v);
        ConfigurationReader.ReadTimeSpan(section, "HandshakeTimeout", v => Client.HandshakeTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "CallTimeout", v => Client.CallTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "KeepAliveInterval", v => Client.KeepAliveInterval = v);
        ConfigurationReader.ReadTimeSpan(section, "KeepAliveTimeout", v => Client.KeepAliveTimeout = v);
        ConfigurationReader.ReadTimeSpan(section, "ReconnectBaseDelay", v => Client.ReconnectBaseDelay = v);
        ConfigurationReader.ReadTimeSpan(section, "ReconnectMaxDelay", v => Client.ReconnectMaxDelay = v);
        ConfigurationReader.ReadInt32(section, "MaxFramePayloadLength", v => Client.MaxFramePayloadLength = v);
        ConfigurationReader.ReadInt32(section, "StreamWindow", v => Client.StreamWindow = v);

        IConfigurationSection tls = section.GetSection("Tls");
        ConfigurationReader.ReadBoolean(tls, "Enabled", v => UseTls = v);
        ConfigurationReader.ReadString(tls, "TargetHost", v => TargetHost = v);
        ConfigurationReader.ReadString(tls, "TrustedRootCertificatePath", v => (TrustedRootCertificatePath, TrustedRootCertificatePathSetting) = (v, ConfigurationReader.PathOf(tls, "TrustedRootCertificatePath")));
        ConfigurationReader.ReadString(tls, "CertificatePath", v => (CertificatePath, CertificatePathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificatePath")));
        ConfigurationReader.ReadString(tls, "CertificateKeyPath", v => (CertificateKeyPath, CertificateKeyPathSetting) = (v, ConfigurationReader.PathOf(tls, "CertificateKeyPath")));
        ConfigurationReader.ReadString(tls, "CertificatePassword", v => CertificatePassword = v);
        return this;
    }

    /// <summary>
    /// The balancer's settings: the resolver (yours, or one made from the addresses: a single DNS name is resolved
    /// again every <see cref="ResolveInterval"/>; addresses and lists are static) and the retry settings.
    /// </summary>
    internal BalancingOptions BuildBalancing(string clientName, out string? host)
    {
        IServerResolver resolver;
        host = null;
        if (Resolver is not null)
        {
            resolver = Resolver;
            host = resolver.HostName;
        }
        else
        {
            var all = new List<(string Value, string Setting)>();
            if (Address is not null)
            {
                all.Add((Address, AddressSetting));
            }

            all.AddRange(_addresses);
            if (all.Count == 0)
            {
                throw new InvalidOperationException($"Client {clientName} has no address: call Connect(\"host:port\") or set 'Address' in its configuration section.");
            }

            var parsed = all.ConvertAll(a => Parse(a.Value, a.Setting, clientName));
            host = parsed[0].Host;
            IPEndPoint? nameServer = NameServer is null ? null : ParseNameServer(clientName);
            if (parsed.Count == 1 && parsed[0].Transport != EndpointTransport.Unix && !IPAddress.TryParse(parsed[0].Host, out _))
            {
                resolver = new DnsServerResolver(parsed[0].Host!, parsed[0].Port, ResolveInterval, nameServer);
            }
            else
            {
                resolver = new StaticServerResolver(parsed.ConvertAll(a => a.ToEndPoint()), host);
            }
        }

        try
        {
            return new BalancingOptions(resolver)
            {
                Policy = Policy,
                MaxAttempts = MaxAttempts,
                RetryBudgetRatio = RetryBudgetRatio,
                MinRetriesPerSecond = MinRetriesPerSecond,
                HedgingDelay = HedgingDelay,
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"Client {clientName}: {ex.Message}", ex);
        }
    }

    private static EndpointAddress Parse(string value, string setting, string clientName)
    {
        try
        {
            EndpointAddress address = EndpointAddress.Parse(value);
            _ = address.ToEndPoint();
            return address;
        }
        catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException)
        {
            throw new InvalidOperationException($"The address '{value}' (setting '{setting}') of client {clientName} is not valid: {ex.Message}", ex);
        }
    }

    private IPEndPoint ParseNameServer(string clientName)
    {
        if (IPEndPoint.TryParse(NameServer!, out IPEndPoint? server))
        {
            if (server.Port == 0)
            {
                server.Port = 53;
            }

            return server;
        }

        throw new InvalidOperationException($"The name server '{NameServer}' (setting '{NameServerSetting}') of client {clientName} is not an IP address with an optional port, such as 10.96.0.10:53.");
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
