using System.Text.RegularExpressions;
using SocketGen.PackageTests.Infrastructure;

namespace SocketGen.PackageTests;

/// <summary>
/// A consumer that publishes with Native AOT (<c>PublishAot=true</c> in its project, as a user sets it) and uses
/// what the generator can emit: unary calls, server, client and bidirectional streams, byte streams, callbacks,
/// call context and metadata, the richer
/// wire types, polymorphic records and typed faults. The publish must produce no warning at all (no trimming or
/// AOT analysis warning, IL2xxx / IL3xxx, reaches the user) and the native program must run over loopback.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class NativeAotConsumerTests(PackedPackages packages)
{
    private static readonly Regex s_warning = new(@"warning [A-Z]+\d+", RegexOptions.CultureInvariant);

    [Fact]
    public async Task A_native_AOT_publish_of_a_consumer_using_every_contract_feature_has_no_warnings_and_runs()
    {
        var publish = await ConsumerProject.BuildAsync(
            packages.NewDirectory("consumer-aot"),
            packages.PackagesDirectory,
            "SocketGen",
            packages.Version,
            [NativeAotSources.Contract, NativeAotSources.Program],
            new ConsumerOptions(
                "publish -c Release",
                "<OutputType>Exe</OutputType><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization><TreatWarningsAsErrors>false</TreatWarningsAsErrors>",
                TimeSpan.FromMinutes(12)));

        ConsumerChecks.AssertBuildSucceeded(publish);
        var warnings = publish.Output.Split('\n').Where(line => s_warning.IsMatch(line)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "The AOT publish warned:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));

        var program = Directory.GetFiles(Path.Combine(publish.ProjectDirectory, "bin", "Release"), ConsumerProject.ProjectName, SearchOption.AllDirectories)
            .Single(p => Path.GetFileName(Path.GetDirectoryName(p)) == "publish");
        var run = await DotNetCli.RunProgramAsync(program, publish.ProjectDirectory, "", TimeSpan.FromMinutes(1));

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("add: 5", run.Output, StringComparison.Ordinal);
        Assert.Contains("count: 1 2 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("callback: ann says hi (tenant blue)", run.Output, StringComparison.Ordinal);
        Assert.Contains("shape: Circle r=2", run.Output, StringComparison.Ordinal);
        Assert.Contains("slot: 2026-12-08 09:30 170141183460469231731687303715884105727 (7, seven)", run.Output, StringComparison.Ordinal);
        Assert.Contains("fault: OutOfStockException widget 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("sum: 10", run.Output, StringComparison.Ordinal);
        Assert.Contains("double: 2 4 6", run.Output, StringComparison.Ordinal);
        Assert.Contains("upload: 200000", run.Output, StringComparison.Ordinal);
        Assert.Contains("download: 150000", run.Output, StringComparison.Ordinal);
        Assert.Contains("done", run.Output, StringComparison.Ordinal);
    }
}

/// <summary>The AOT consumer's code: a contract using each generated feature, and a program that calls them all.</summary>
internal static class NativeAotSources
{
    public static readonly ConsumerSource Contract = new("Shop.cs", """
        using SocketGen;

        namespace Consumer;

        [WireDerived(typeof(Circle), 1)]
        [WireDerived(typeof(Square), 2)]
        public abstract record Shape(string Name);
        public sealed record Circle(string Name, double Radius) : Shape(Name);
        public sealed record Square(string Name, double Side) : Shape(Name);

        public sealed record Slot(DateOnly Day, TimeOnly Start, Int128 Big, (int Id, string Name) Owner);

        public sealed class OutOfStockException(string sku, int available) : Exception($"{sku}: {available} left")
        {
            public string Sku { get; } = sku;
            public int Available { get; } = available;
        }

        public interface IShopListener
        {
            [OneWay] ValueTask SaidAsync(string who, string text, string tenant);
            Task<int> ConfirmAsync(int amount);
        }

        [SocketContract(Callbacks = typeof(IShopListener))]
        public interface IShop
        {
            Task<int> AddAsync(int a, int b);
            IAsyncEnumerable<int> CountAsync(int to, CancellationToken cancellationToken = default);
            Task<int> SayAsync(string who, string text);
            Task<Shape> BiggerAsync(Shape shape);
            Task<Slot> SlotAsync(DateOnly day);
            [Fault(typeof(OutOfStockException))]
            Task OrderAsync(string sku, int quantity);
            Task<int> SumAsync(IAsyncEnumerable<int> numbers);
            IAsyncEnumerable<int> DoubleAsync(IAsyncEnumerable<int> numbers);
            Task<long> UploadAsync(Stream data);
            Task<Stream> DownloadAsync(int size);
        }

        public sealed class Shop : IShop
        {
            public Task<int> AddAsync(int a, int b) => Task.FromResult(a + b);

            public async IAsyncEnumerable<int> CountAsync(int to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                for (int i = 1; i <= to; i++)
                {
                    await Task.Yield();
                    yield return i;
                }
            }

            public async Task<int> SayAsync(string who, string text)
            {
                SocketCallContext call = SocketCallContext.Current!;
                IShopListener caller = ShopServer.GetClient(call.Connection);
                await caller.SaidAsync(who, text, call.Metadata.GetValueOrDefault("tenant") ?? "none");
                return await caller.ConfirmAsync(text.Length);
            }

            public Task<Shape> BiggerAsync(Shape shape) => Task.FromResult<Shape>(shape switch
            {
                Circle c => c with { Radius = c.Radius * 2 },
                Square s => s with { Side = s.Side * 2 },
                _ => shape,
            });

            public Task<Slot> SlotAsync(DateOnly day) => Task.FromResult(new Slot(day, new TimeOnly(9, 30), Int128.MaxValue, (7, "seven")));

            public Task OrderAsync(string sku, int quantity) => throw new OutOfStockException(sku, quantity - 1);

            public async Task<int> SumAsync(IAsyncEnumerable<int> numbers)
            {
                int sum = 0;
                await foreach (int n in numbers)
                {
                    sum += n;
                }

                return sum;
            }

            public async IAsyncEnumerable<int> DoubleAsync(IAsyncEnumerable<int> numbers)
            {
                await foreach (int n in numbers)
                {
                    yield return n * 2;
                }
            }

            public async Task<long> UploadAsync(Stream data)
            {
                var buffer = new byte[8192];
                long total = 0;
                int read;
                while ((read = await data.ReadAsync(buffer)) > 0)
                {
                    total += read;
                }

                return total;
            }

            public Task<Stream> DownloadAsync(int size) => Task.FromResult<Stream>(new MemoryStream(new byte[size]));
        }

        public sealed class Listener : IShopListener
        {
            public TaskCompletionSource<string> Said { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public ValueTask SaidAsync(string who, string text, string tenant)
            {
                Said.TrySetResult($"{who} says {text} (tenant {tenant})");
                return ValueTask.CompletedTask;
            }

            public Task<int> ConfirmAsync(int amount) => Task.FromResult(amount);
        }
        """);

    public static readonly ConsumerSource Program = new("Program.cs", """
        using System.Globalization;
        using System.Net;
        using Consumer;
        using SocketGen;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using SocketServer server = await ShopServer.StartAsync(new Shop(), new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
        var listener = new Listener();
        await using ShopClient client = await ShopClient.ConnectAsync(server.LocalEndPoint, listener, cancellationToken: timeout.Token);

        Console.WriteLine($"add: {await client.AddAsync(2, 3)}");

        var counted = new List<int>();
        await foreach (int n in client.CountAsync(3, timeout.Token))
        {
            counted.Add(n);
        }

        Console.WriteLine($"count: {string.Join(' ', counted)}");

        var tenantBlue = client.WithCallOptions(new SocketCallOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            Metadata = new Dictionary<string, string> { ["tenant"] = "blue" },
        });
        int confirmed = await tenantBlue.SayAsync("ann", "hi");
        Console.WriteLine($"callback: {await listener.Said.Task.WaitAsync(timeout.Token)} confirmed {confirmed}");

        Shape bigger = await client.BiggerAsync(new Circle("c", 1));
        Console.WriteLine(bigger is Circle circle ? $"shape: Circle r={circle.Radius.ToString(CultureInfo.InvariantCulture)}" : $"shape: {bigger}");

        Slot slot = await client.SlotAsync(new DateOnly(2026, 12, 8));
        Console.WriteLine($"slot: {slot.Day:yyyy-MM-dd} {slot.Start:HH:mm} {slot.Big} ({slot.Owner.Id}, {slot.Owner.Name})");

        try
        {
            await client.OrderAsync("widget", 4);
        }
        catch (OutOfStockException ex)
        {
            Console.WriteLine($"fault: {ex.GetType().Name} {ex.Sku} {ex.Available}");
        }

        Console.WriteLine($"sum: {await client.SumAsync(Numbers(4))}");
        var doubled = new List<int>();
        await foreach (int d in client.DoubleAsync(Numbers(3)))
        {
            doubled.Add(d);
        }

        Console.WriteLine($"double: {string.Join(' ', doubled)}");
        Console.WriteLine($"upload: {await client.UploadAsync(new MemoryStream(new byte[200_000]))}");
        await using (Stream download = await client.DownloadAsync(150_000))
        {
            var buffer = new byte[8192];
            long received = 0;
            int read;
            while ((read = await download.ReadAsync(buffer)) > 0)
            {
                received += read;
            }

            Console.WriteLine($"download: {received}");
        }

        Console.WriteLine("done");

        static async IAsyncEnumerable<int> Numbers(int count)
        {
            for (int i = 1; i <= count; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }
        """);
}
