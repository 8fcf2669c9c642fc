using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MovieSync.Configuration;

/// <summary>
/// A PKCS#12 file opened with its password: <c>dashboard.certificate</c> (the certificate the dashboard serves over
/// HTTPS, with any intermediates the file carries) or <c>cluster.tls.certificate</c> (the one every node of a cluster
/// presents to the others). Every reason it cannot be opened names the key at fault.
/// </summary>
public sealed class CertificateFile : IDisposable
{
    private CertificateFile(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Chain = chain;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The file's other certificates (intermediates), sent along so clients can build the chain.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <exception cref="ConfigurationException">The file is missing, unreadable, not PKCS#12, has no private key, or the password does not open it.</exception>
    public static CertificateFile Open(string path, string? password, string certificateKey = "dashboard.certificate",
        string passwordKey = "dashboard.certificate_password")
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"{certificateKey}: {path} does not exist; expected a PKCS#12 (.pfx) file with the certificate and its private key");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{certificateKey}: {path} cannot be read: {e.Message}");
        }

        if (!IsPkcs12(bytes))
            throw new ConfigurationException(
                $"{certificateKey}: {path} is not a PKCS#12 (.pfx) file; from PEM files: openssl pkcs12 -export -in cert.pem -inkey key.pem -out certificate.pfx");

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, password);
        }
        catch (CryptographicException)
        {
            // The file is PKCS#12 (checked above): what fails now is its integrity check, i.e. the password.
            throw new ConfigurationException(string.IsNullOrEmpty(password)
                ? $"{passwordKey}: {path} is protected by a password; set {passwordKey}"
                : $"{passwordKey}: does not open {path} (wrong password)");
        }

        var withKey = all.FirstOrDefault(c => c.HasPrivateKey);
        if (withKey is null)
        {
            foreach (var certificate in all)
                certificate.Dispose();
            throw new ConfigurationException($"{certificateKey}: {path} holds no private key; export the certificate together with its key");
        }

        all.Remove(withKey);
        return new CertificateFile(withKey, all);
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
