using BenchmarkDotNet.Attributes;
using SocketGen.Framing;

namespace SocketGen.Benchmarks.Framing;

/// <summary>
/// The 8-byte connection preface: writing it, and validating it as it arrives. Validation runs on every
/// read until the preface is complete, so the partial case is measured too, as well as the two
/// refusals (wrong magic, caught at the first wrong byte; wrong major version, whose message is formatted).
/// </summary>
[MemoryDiagnoser]
public class ConnectionPrefaceBenchmarks
{
    private readonly byte[] _destination = new byte[ConnectionPreface.Size];
    private byte[] _complete = [];
    private byte[] _partial = [];
    private byte[] _wrongMagic = [];
    private byte[] _wrongMajor = [];

    [GlobalSetup]
    public void Setup()
    {
        byte[] preface = new byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface);
        _complete = preface;
        _partial = preface[..3];
        _wrongMagic = "SGRX\u0001\u0001\0\0"u8.ToArray();
        _wrongMajor = "SGRP\u0002\u0000\0\0"u8.ToArray();

        Expect(_complete, "", "a complete preface");
        Expect(_partial, null, "the first 3 bytes of a preface");
        Expect(_wrongMagic, "magic", "a wrong magic");
        Expect(_wrongMajor, "version 2.0", "a wrong major version");
    }

    [Benchmark]
    public byte Write()
    {
        ConnectionPreface.Write(_destination);
        return _destination[5];
    }

    [Benchmark]
    public string? ValidateComplete() => ConnectionPreface.Validate(_complete);

    [Benchmark]
    public string? ValidatePartial() => ConnectionPreface.Validate(_partial);

    [Benchmark]
    public string? ValidateWrongMagic() => ConnectionPreface.Validate(_wrongMagic);

    [Benchmark]
    public string? ValidateWrongMajorVersion() => ConnectionPreface.Validate(_wrongMajor);

    // "" means valid, null means wait for more bytes, anything else is the refusal: check each case says what it should.
    private static void Expect(byte[] bytes, string? expected, string what)
    {
        string? result = ConnectionPreface.Validate(bytes);
        bool ok = expected switch
        {
            null => result is null,
            "" => result == "",
            _ => result is { Length: > 0 } && result.Contains(expected, StringComparison.Ordinal),
        };
        if (!ok)
        {
            throw new InvalidOperationException($"Validating {what} returned \"{result ?? "null"}\".");
        }
    }
}
