using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Tests.Addressing;

public class EndpointAddressTests
{
    [Theory]
    [InlineData("example.com:8080", EndpointTransport.Tcp, "example.com", 8080)]
    [InlineData("1.2.3.4:80", EndpointTransport.Tcp, "1.2.3.4", 80)]
    [InlineData("[::1]:80", EndpointTransport.Tcp, "::1", 80)]
    [InlineData("[fe80::1%2]:443", EndpointTransport.Tcp, "fe80::1%2", 443)]
    [InlineData("tcp://host-name.example:0", EndpointTransport.Tcp, "host-name.example", 0)]
    [InlineData("udp://127.0.0.1:53", EndpointTransport.Udp, "127.0.0.1", 53)]
    [InlineData("UDP://[::1]:65535", EndpointTransport.Udp, "::1", 65535)]
    [InlineData("*:9000", EndpointTransport.Tcp, "*", 9000)]
    public void Host_and_port_strings_parse(string text, EndpointTransport transport, string host, int port)
    {
        var address = EndpointAddress.Parse(text);
        Assert.Equal(transport, address.Transport);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Null(address.UnixPath);
    }

    [Theory]
    [InlineData("localhost:http", 80)]
    [InlineData("localhost:https", 443)]
    [InlineData("localhost:ssh", 22)]
    [InlineData("udp://localhost:domain", 53)]
    [InlineData("udp://localhost:ntp", 123)]
    public void Service_names_become_ports(string text, int port)
        => Assert.Equal(port, EndpointAddress.Parse(text).Port);

    [Theory]
    [InlineData("unix:/run/app.sock", "/run/app.sock", false)]
    [InlineData("unix:relative.sock", "relative.sock", false)]
    [InlineData("unix:@app-abstract", "app-abstract", true)]
    public void Unix_strings_parse(string text, string path, bool isAbstract)
    {
        var address = EndpointAddress.Parse(text);
        Assert.Equal(EndpointTransport.Unix, address.Transport);
        Assert.Equal(path, address.UnixPath);
        Assert.Equal(isAbstract, address.IsAbstractUnixName);
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("example.com", "port is missing")]
    [InlineData("example.com:", "port after ':' is empty")]
    [InlineData(":80", "host before ':' is empty")]
    [InlineData("::1:80", "IPv6 address needs brackets")]
    [InlineData("[::1]", "port is missing")]
    [InlineData("[::1:80", "never closed")]
    [InlineData("[1.2.3.4]:80", "not an IPv6 address")]
    [InlineData("[::1]x80", "expected ':'")]
    [InlineData("host:70000", "not a number from 0 to 65535")]
    [InlineData("host:-1", "neither a port number nor a known tcp service")]
    [InlineData("host:no-such-service", "neither a port number nor a known tcp service")]
    [InlineData("udp://host:ssh-but-not", "known udp service")]
    [InlineData("http://host:80", "unknown scheme 'http'")]
    [InlineData("bad host:80", "contains ' '")]
    [InlineData("host/path:80", "contains '/'")]
    [InlineData("a..b:80", "empty label")]
    [InlineData("unix:", "path after 'unix:' is empty")]
    [InlineData("unix:@", "abstract name after '@' is empty")]
    public void Bad_strings_raise_format_exceptions_quoting_the_string_and_the_problem(string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => EndpointAddress.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.False(EndpointAddress.TryParse(text, out _));
    }

    [Fact]
    public void A_unix_path_longer_than_sockaddr_un_holds_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => EndpointAddress.Parse("unix:/" + new string('x', 107)));
        Assert.Contains("108 bytes", error.Message, StringComparison.Ordinal);
        Assert.NotNull(EndpointAddress.Parse("unix:/" + new string('x', 106)));
    }

    [Fact]
    public void Null_is_an_argument_error_not_a_format_error()
    {
        Assert.Throws<ArgumentNullException>(() => EndpointAddress.Parse(null!));
        Assert.False(EndpointAddress.TryParse(null, out _));
    }

    [Theory]
    [InlineData("tcp://example.com:80", "example.com:80")]
    [InlineData("[::1]:80", "[::1]:80")]
    [InlineData("1.2.3.4:http", "1.2.3.4:80")]
    [InlineData("udp://[::1]:53", "udp://[::1]:53")]
    public void Formatting_is_canonical_and_parses_back(string text, string canonical)
    {
        var address = EndpointAddress.Parse(text);
        Assert.Equal(canonical, address.ToString());
        Assert.Equal(address, EndpointAddress.Parse(address.ToString()));
    }

    [Fact]
    public void To_end_point_needs_no_lookup_and_gives_each_kind_its_endpoint_type()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Parse("1.2.3.4"), 80), EndpointAddress.Parse("1.2.3.4:80").ToEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 80), EndpointAddress.Parse("[::1]:80").ToEndPoint());
        var dns = Assert.IsType<DnsEndPoint>(EndpointAddress.Parse("example.com:443").ToEndPoint());
        Assert.Equal(("example.com", 443), (dns.Host, dns.Port));
        var unix = Assert.IsType<UnixDomainSocketEndPoint>(EndpointAddress.Parse("unix:/tmp/x.sock").ToEndPoint());
        Assert.Equal("unix:/tmp/x.sock", EndpointAddress.Format(unix));
        var wildcard = Assert.IsType<IPEndPoint>(EndpointAddress.Parse("*:80").ToEndPoint());
        Assert.True(wildcard.Address.Equals(IPAddress.IPv6Any) || wildcard.Address.Equals(IPAddress.Any));
    }

    [Fact]
    public void An_abstract_name_becomes_an_endpoint_only_on_linux()
    {
        var address = EndpointAddress.Parse("unix:@name");
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("unix:@name", EndpointAddress.Format(address.ToEndPoint()));
        }
        else
        {
            Assert.Throws<PlatformNotSupportedException>(() => address.ToEndPoint());
        }
    }

    [Fact]
    public void Endpoints_format_as_people_write_them()
    {
        Assert.Equal("127.0.0.1:80", EndpointAddress.Format(new IPEndPoint(IPAddress.Loopback, 80)));
        Assert.Equal("[::1]:8080", EndpointAddress.Format(new IPEndPoint(IPAddress.IPv6Loopback, 8080)));
        Assert.Equal("example.com:25", EndpointAddress.Format(new DnsEndPoint("example.com", 25)));
        Assert.Equal("unix:/run/a.sock", EndpointAddress.Format(new UnixDomainSocketEndPoint("/run/a.sock")));
    }

    [Fact]
    public void Factories_validate_their_arguments()
    {
        Assert.Equal("h:1", EndpointAddress.ForHost("h", 1).ToString());
        Assert.Equal("udp://[::1]:1", EndpointAddress.ForHost("[::1]", 1, EndpointTransport.Udp).ToString());
        Assert.Equal("host", Assert.Throws<ArgumentException>(() => EndpointAddress.ForHost("", 1)).ParamName);
        Assert.Equal("host", Assert.Throws<ArgumentException>(() => EndpointAddress.ForHost("a b", 1)).ParamName);
        Assert.Equal("port", Assert.Throws<ArgumentOutOfRangeException>(() => EndpointAddress.ForHost("h", 65536)).ParamName);
        Assert.Equal("port", Assert.Throws<ArgumentOutOfRangeException>(() => EndpointAddress.ForHost("h", -1)).ParamName);
        Assert.Equal("unix:@x", EndpointAddress.ForUnixPath("x", isAbstract: true).ToString());
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => EndpointAddress.ForUnixPath("")).ParamName);
    }
}
