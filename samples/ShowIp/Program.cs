using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

return ShowIpCommand.Run(args, Console.Out, Console.Error);

/// <summary>
/// Shows the IP addresses of a host, as the BSD sockets tutorial's showip.c does with
/// getaddrinfo(host, NULL, {AF_UNSPEC, SOCK_STREAM}): every address, IPv4 and IPv6, in the resolver's order.
/// </summary>
public static class ShowIpCommand
{
    /// <summary>Runs the command; returns the exit code: 0 done, 1 usage, 2 resolution failed.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 1)
        {
            error.WriteLine("usage: showip hostname");
            return 1;
        }

        string host = args[0];
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = AddressResolver.Resolve(host);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            error.WriteLine($"resolve: {ex.Message}");
            return 2;
        }

        output.WriteLine($"IP addresses for {host}:");
        output.WriteLine();
        foreach (var address in addresses)
        {
            string version = address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
            output.WriteLine($"  {version}: {Format(address)}");
        }

        return 0;
    }

    // inet_ntop prints the bare address: a link-local IPv6 address without its %scope.
    private static string Format(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes()).ToString()
            : address.ToString();
}
