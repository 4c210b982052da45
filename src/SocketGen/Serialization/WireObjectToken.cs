using System.ComponentModel;

namespace SocketGen.Serialization;

/// <summary>Returned by <see cref="WireWriter.BeginObject(int)"/>; hand it back to <see cref="WireWriter.EndObject(WireObjectToken)"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct WireObjectToken
{
    internal WireObjectToken(int lengthPosition) => LengthPosition = lengthPosition;

    /// <summary>Where the object's byte length is patched in when the object ends.</summary>
    internal int LengthPosition { get; }
}
