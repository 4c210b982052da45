using SocketGen.Protocols;

namespace HelloInterop;

/// <summary>One line of text, as the BSD socket tutorials' hello server sends it ("Hello!\n").</summary>
[TextLayout]
public sealed class Greeting
{
    [RestOfLine]
    public string Text { get; set; } = "";
}

/// <summary>The tutorials' hello protocol: the server greets with one line and closes.</summary>
[WireProtocol(typeof(Greeting), typeof(Greeting))]
[Delimited("\n")]
public sealed partial class HelloProtocol;
