using System.Collections.Concurrent;
using System.ComponentModel;

namespace SocketGen.Serialization;

/// <summary>
/// The decoders of declared faults (<see cref="FaultAttribute"/>), by the exception type's full name. A generated
/// client registers its contract's faults when it is created; an error frame whose type name has a decoder here
/// and that carries fault data becomes that exception on the caller.
/// </summary>
/// <remarks>Generated code calls this; the server sends fault data only for faults the called method declares.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WireFaults
{
    private static readonly ConcurrentDictionary<string, WireDecoder<Exception>> s_decoders = new(StringComparer.Ordinal);

    /// <summary>Registers the decoder of a declared fault; registering the same type again replaces it.</summary>
    /// <param name="typeName">The exception type's full name, as error frames carry it.</param>
    /// <param name="decoder">Reads the fault's data (an object, wire-format §5.3) and creates the exception.</param>
    public static void Register(string typeName, WireDecoder<Exception> decoder)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(decoder);
        s_decoders[typeName] = decoder;
    }

    /// <summary>Decodes the fault data after an error payload, when the type is a registered fault.</summary>
    internal static bool TryDecode(string typeName, ref WireReader reader, out Exception? fault)
    {
        fault = null;
        if (reader.BytesRemaining == 0 || !s_decoders.TryGetValue(typeName, out WireDecoder<Exception>? decoder))
        {
            return false;
        }

        fault = decoder(ref reader);
        return true;
    }
}
