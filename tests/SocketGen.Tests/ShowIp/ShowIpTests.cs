using System.Diagnostics;
using System.Net;
using SocketGen.Tests.Activation;

namespace SocketGen.Tests.ShowIp;

/// <summary>samples/ShowIp against the same program in C, built with the machine's cc: same host, same machine, same output.</summary>
[Collection(ChildProcessCollection.Name)]
public class ShowIpTests
{
    private const string CSource = """
        #include <stdio.h>
        #include <string.h>
        #include <sys/types.h>
        #include <sys/socket.h>
        #include <netdb.h>
        #include <arpa/inet.h>
        #include <netinet/in.h>

        int main(int argc, char *argv[])
        {
            struct addrinfo hints, *res, *p;
            int status;
            char ipstr[INET6_ADDRSTRLEN];

            if (argc != 2) {
                fprintf(stderr, "usage: showip hostname\n");
                return 1;
            }

            memset(&hints, 0, sizeof hints);
            hints.ai_family = AF_UNSPEC;
            hints.ai_socktype = SOCK_STREAM;

            if ((status = getaddrinfo(argv[1], NULL, &hints, &res)) != 0) {
                fprintf(stderr, "resolve: %s\n", gai_strerror(status));
                return 2;
            }

            printf("IP addresses for %s:\n\n", argv[1]);
            for (p = res; p != NULL; p = p->ai_next) {
                void *addr;
                char *ipver;
                if (p->ai_family == AF_INET) {
                    addr = &((struct sockaddr_in *)p->ai_addr)->sin_addr;
                    ipver = "IPv4";
                } else {
                    addr = &((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
                    ipver = "IPv6";
                }
                inet_ntop(p->ai_family, addr, ipstr, sizeof ipstr);
                printf("  %s: %s\n", ipver, ipstr);
            }

            freeaddrinfo(res);
            return 0;
        }
        """;

    private static readonly Lazy<Task<string>> CProgram = new(CompileAsync);

    public static TheoryData<string> Hosts => new() { "localhost", "127.0.0.1", "::1", Dns.GetHostName() };

    [RequiresProgramFact("cc", "compile the C showip to compare with")]
    public async Task Every_host_prints_exactly_what_the_c_program_prints()
    {
        foreach (string host in Hosts)
        {
            var c = await RunAsync(await CProgram.Value, host);
            var sample = RunSample(host);

            Assert.True(c.ExitCode == 0, $"the C program could not resolve {host}: {c.Error}");
            Assert.Equal(c.Output, sample.Output);
            Assert.Equal(0, sample.ExitCode);
            Assert.StartsWith($"IP addresses for {host}:\n\n  IPv", sample.Output, StringComparison.Ordinal);
        }
    }

    [RequiresProgramFact("cc", "compile the C showip to compare with")]
    public async Task An_unresolvable_host_fails_like_the_c_program_with_exit_code_2()
    {
        string host = SocketGen.Tests.Addressing.AddressResolverTests.UnresolvableHost;
        var c = await RunAsync(await CProgram.Value, host);
        var sample = RunSample(host);

        Assert.Equal(2, c.ExitCode);
        Assert.Equal(2, sample.ExitCode);
        Assert.Equal(string.Empty, sample.Output);
        Assert.StartsWith("resolve: ", sample.Error, StringComparison.Ordinal);
        Assert.Contains(host, sample.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_argument_it_prints_usage_and_exits_1()
    {
        var result = RunSample();
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("usage: showip hostname\n", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task The_built_sample_runs_as_its_own_process()
    {
        // The same entry point dotnet run starts, not just the method the other tests call.
        string sample = Path.Combine(AppContext.BaseDirectory, "ShowIp.dll");
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var result = await RunAsync(dotnet, sample, "127.0.0.1");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("IP addresses for 127.0.0.1:\n\n  IPv4: 127.0.0.1\n", result.Output);

        var usage = await RunAsync(dotnet, sample);
        Assert.Equal(1, usage.ExitCode);
    }

    private static (int ExitCode, string Output, string Error) RunSample(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int exitCode = ShowIpCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task<string> CompileAsync()
    {
        string directory = Directory.CreateTempSubdirectory("sgshowip").FullName;
        string source = Path.Combine(directory, "showip.c");
        string program = Path.Combine(directory, "showip");
        await File.WriteAllTextAsync(source, CSource);
        var result = await RunAsync(ProgramPath.Find("cc")!, "-o", program, source);
        Assert.True(result.ExitCode == 0, $"cc failed: {result.Error}");
        return program;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
