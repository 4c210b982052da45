namespace SocketGen.Serialization;

/// <summary>Writes a value's wire form; generated codecs cache one per type in a static field.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="writer">Where the value goes.</param>
/// <param name="value">The value.</param>
public delegate void WireEncoder<T>(ref WireWriter writer, T value);

/// <summary>Reads a value's wire form; generated codecs cache one per type in a static field.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="reader">Where the value comes from.</param>
/// <returns>The value.</returns>
public delegate T WireDecoder<T>(ref WireReader reader);
