using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MovieSync.Configuration;

/// <summary>
/// <c>dashboard.certificate</c> opened with <c>dashboard.certificate_password</c>: the certificate the dashboard serves
/// over HTTPS, with any intermediates the file carries. Every reason it cannot be opened names the key at fault.
/// </summary>
public sealed class DashboardCertificate : IDisposable
{
    private const string CertificateKey = "dashboard.certificate";
    private const string PasswordKey = "dashboard.certificate_password";

    private DashboardCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Chain = chain;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The file's other certificates (intermediates), sent along so clients can build the chain.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <exception cref="ConfigurationException">The file is missing, unreadable, not PKCS#12, has no private key, or the password does not open it.</exception>
    public static DashboardCertificate Open(string path, string? password)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"{CertificateKey}: {path} does not exist; expected a PKCS#12 (.pfx) file with the certificate and its private key");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{CertificateKey}: {path} cannot be read: {e.Message}");
        }

        if (!IsPkcs12(bytes))
            throw new ConfigurationException(
                $"{CertificateKey}: {path} is not a PKCS#12 (.pfx) file; from PEM files: openssl pkcs12 -export -in cert.pem -inkey key.pem -out dashboard.pfx");

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, password);
        }
        catch (CryptographicException)
        {
            // The file is PKCS#12 (checked above): what fails now is its integrity check, i.e. the password.
            throw new ConfigurationException(string.IsNullOrEmpty(password)
                ? $"{PasswordKey}: {path} is protected by a password; set {PasswordKey}"
                : $"{PasswordKey}: does not open {path} (wrong password)");
        }

        var withKey = all.FirstOrDefault(c => c.HasPrivateKey);
        if (withKey is null)
        {
            foreach (var certificate in all)
                certificate.Dispose();
            throw new ConfigurationException($"{CertificateKey}: {path} holds no private key; export the certificate together with its key");
        }

        all.Remove(withKey);
        return new DashboardCertificate(withKey, all);
    }

    /// <summary>PFX is a DER SEQUENCE that starts with version 3 (RFC 7292): tells "not a .pfx" from "wrong password".</summary>
    private static bool IsPkcs12(byte[] bytes)
    {
        try
        {
            var pfx = new AsnReader(bytes, AsnEncodingRules.BER).ReadSequence();
            return pfx.TryReadInt32(out var version) && version == 3;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Chain)
            certificate.Dispose();
    }
}
