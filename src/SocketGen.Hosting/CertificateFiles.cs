using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Hosting;

/// <summary>Loads certificates named in configuration; every error names the setting that pointed at the file.</summary>
internal static class CertificateFiles
{
    /// <summary>
    /// Loads a certificate with its private key: a PEM certificate with a PEM key file (or the key in the same
    /// file), or a PKCS#12 (.pfx/.p12) file with an optional password.
    /// </summary>
    public static X509Certificate2 LoadWithKey(string path, string pathSetting, string? keyPath, string keyPathSetting, string? password)
    {
        RequireFile(path, pathSetting);
        if (keyPath is not null)
        {
            RequireFile(keyPath, keyPathSetting);
        }

        try
        {
            X509Certificate2 certificate;
            if (IsPkcs12(path))
            {
#if NET9_0_OR_GREATER
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
#else
                certificate = new X509Certificate2(path, password);
#endif
            }
            else
            {
                certificate = password is null
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            }

            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidOperationException($"The certificate file '{path}' (setting '{pathSetting}') has no private key; set '{keyPathSetting}' to its key file.");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The certificate file '{path}' (setting '{pathSetting}') could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>Loads the certificates (public parts) of a PEM bundle, for a trust list.</summary>
    public static X509Certificate2Collection LoadBundle(string path, string pathSetting)
    {
        RequireFile(path, pathSetting);
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            if (collection.Count == 0)
            {
                throw new InvalidOperationException($"The file '{path}' (setting '{pathSetting}') holds no PEM certificate.");
            }

            return collection;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The certificate file '{path}' (setting '{pathSetting}') could not be loaded: {ex.Message}", ex);
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static void RequireFile(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The certificate file '{path}' named by setting '{setting}' does not exist.");
        }
    }
}
