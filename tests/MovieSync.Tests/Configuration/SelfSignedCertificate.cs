using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MovieSync.Tests.Support;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, made in the spec, and written as a .pfx for dashboard.certificate.</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create() => Create("CN=moviesync dashboard spec", IPAddress.Loopback, "localhost");

    /// <summary>
    /// A server certificate (with its private key) for <paramref name="address"/> and <paramref name="dnsName"/> (either may be
    /// null), signed by itself or, when given, by <paramref name="issuer"/> (made by <see cref="CreateAuthority"/>).
    /// </summary>
    public static X509Certificate2 Create(string subject, IPAddress? address, string? dnsName, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (address is not null)
            names.AddIpAddress(address);
        if (dnsName is not null)
            names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var (from, until) = (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        if (issuer is null)
            return request.CreateSelfSigned(from, until);
        using var signed = request.Create(issuer, from, until, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A certificate authority (a home mail server's own CA) that <see cref="Create(string, IPAddress?, string?, X509Certificate2?)"/> can sign with.</summary>
    public static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
    }

    /// <summary>Writes <paramref name="certificate"/> with its private key to a PKCS#12 file protected by <paramref name="password"/>.</summary>
    public static string WritePfx(X509Certificate2 certificate, string path, string? password)
    {
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    /// <summary>Writes the certificate alone (no key) as PEM, as an email channel's tls_certificate.</summary>
    public static string WritePem(X509Certificate2 certificate, string path)
    {
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
