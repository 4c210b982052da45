using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Security;

/// <summary>Turns TLS policy errors into a sentence that says which check failed: expired, untrusted, wrong name.</summary>
internal static class CertificateErrors
{
    /// <param name="whose">"the server's" or "the client's".</param>
    /// <param name="errors">The policy errors found.</param>
    /// <param name="chain">The chain that was built, for its status.</param>
    /// <param name="expectedName">The name the certificate had to carry (client side only).</param>
    public static string Describe(string whose, SslPolicyErrors errors, X509Chain? chain, string? expectedName)
    {
        var problems = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            problems.Add($"{whose} side presented no certificate");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            problems.Add($"{whose} certificate is not valid for the name '{expectedName}' (wrong name)");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            X509ChainStatusFlags status = X509ChainStatusFlags.NoError;
            foreach (X509ChainStatus element in chain?.ChainStatus ?? [])
            {
                status |= element.Status;
            }

            if ((status & X509ChainStatusFlags.NotTimeValid) != 0)
            {
                problems.Add($"{whose} certificate has expired or is not yet valid (expired)");
            }

            if ((status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            {
                problems.Add($"{whose} certificate does not chain to a trusted root (untrusted)");
            }

            if ((status & X509ChainStatusFlags.Revoked) != 0)
            {
                problems.Add($"{whose} certificate has been revoked");
            }

            X509ChainStatusFlags other = status & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.Revoked);
            if (other != X509ChainStatusFlags.NoError || status == X509ChainStatusFlags.NoError)
            {
                problems.Add($"{whose} certificate chain is not valid ({other})");
            }
        }

        return string.Join("; ", problems);
    }
}
