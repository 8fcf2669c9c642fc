using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MovieSync.Configuration;

/// <summary>
/// A PEM file of certificates to trust (an email channel's <c>tls_certificate</c>: a home mail server's own CA or its
/// self-signed certificate). Every reason it cannot be read names the key at fault.
/// </summary>
public static class PemCertificates
{
    /// <exception cref="ConfigurationException">The file is missing, unreadable, or holds no PEM certificate.</exception>
    public static X509Certificate2Collection Load(string path, string key)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"{key}: {path} does not exist; expected a PEM file with the certificate to trust " +
                                             "(-----BEGIN CERTIFICATE-----)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{key}: {path} cannot be read: {e.Message}");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"{key}: {path} holds a PEM certificate that cannot be read: {e.Message}");
        }

        if (certificates.Count == 0)
            throw new ConfigurationException($"{key}: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----); " +
                                             "from a .crt/.der file: openssl x509 -inform der -in server.der -out server.pem");
        return certificates;
    }
}
