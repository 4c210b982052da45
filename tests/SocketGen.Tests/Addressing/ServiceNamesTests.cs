using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Tests.Addressing;

public class ServiceNamesTests
{
    [Fact]
    public void A_services_file_is_read_with_aliases_protocols_and_comments()
    {
        var table = ServiceTable.Parse(new[]
        {
            "# comment line",
            "",
            "myproto   7001/tcp   myalias other   # trailing comment",
            "myproto   7002/udp",
            "broken    notaport/tcp",
            "http      8888/tcp",   // the file wins over the built-in table
            "http      9999/tcp",   // the first line for a name wins
        });

        Assert.True(table.TryGetPort("myproto", "tcp", out int port));
        Assert.Equal(7001, port);
        Assert.True(table.TryGetPort("myalias", "tcp", out port));
        Assert.Equal(7001, port);
        Assert.True(table.TryGetPort("myproto", "udp", out port));
        Assert.Equal(7002, port);
        Assert.False(table.TryGetPort("broken", "tcp", out _));
        Assert.True(table.TryGetPort("http", "tcp", out port));
        Assert.Equal(8888, port);
    }

    [Fact]
    public void Without_a_services_file_the_common_services_are_built_in()
    {
        var table = ServiceTable.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "services"));
        Assert.True(table.TryGetPort("http", "tcp", out int port));
        Assert.Equal(80, port);
        Assert.True(table.TryGetPort("domain", "udp", out port));
        Assert.Equal(53, port);
        Assert.False(table.TryGetPort("ntp", "tcp", out _)); // NTP is UDP only
        Assert.False(table.TryGetPort("nonexistent-service", "tcp", out _));
    }

    [Fact]
    public void The_system_table_matches_etc_services_where_it_exists()
    {
        Assert.Equal(443, ServiceNames.GetPort("https"));
        Assert.Equal(53, ServiceNames.GetPort("domain", ProtocolType.Udp));
        var error = Assert.Throws<ArgumentException>(() => ServiceNames.GetPort("no-such-service-here"));
        Assert.Contains("no-such-service-here", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceNames.GetPort("http", ProtocolType.Icmp));
        Assert.Throws<ArgumentException>(() => ServiceNames.GetPort(" "));
    }
}
