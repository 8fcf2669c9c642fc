using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// Which SMTP server certificates an email channel accepts: one the system trusts for the host, or (with
/// <c>tls_certificate</c>) one whose chain ends in a certificate the channel was given (a home server's own CA, or its
/// self-signed certificate). The host name must match either way. Remembers why it refused one, for the error.
/// </summary>
public sealed class SmtpCertificateTrust(string host, IReadOnlyList<X509Certificate2> extra)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>Why the last certificate was refused (its subject, thumbprint and what is wrong), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Refusal = null;
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Refuse("the server sent no certificate");
        var described = $"{certificate.Subject} (SHA-1 {certificate.GetCertHashString()})";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Refuse($"the certificate {described} is not for {host}");

        // What is left is the chain: does it end in a certificate given in tls_certificate?
        var problems = Problems(chain);
        if (extra.Count == 0)
            return Refuse($"the certificate {described} is not trusted: {problems}; if it is your own server's, name it or its CA " +
                          "(a PEM file) in tls_certificate");
        using var ours = new X509Chain();
        ours.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ours.ChainPolicy.CustomTrustStore.AddRange(extra.ToArray());
        // A home server's own CA publishes no revocation list: the certificates in tls_certificate are trusted as they are.
        ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        ours.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        // The intermediates the server sent along.
        if (chain is not null)
        {
            ours.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (var element in chain.ChainElements.Skip(1))
                ours.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return ours.Build(leaf) || Refuse($"the certificate {described} is not trusted by the system nor by tls_certificate: {Problems(ours)}");
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
                leaf.Dispose();
        }
    }

    private bool Refuse(string why)
    {
        Refusal = why;
        return false;
    }

    private static string Problems(X509Chain? chain) =>
        chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => $"{s.Status} ({s.StatusInformation.Trim()})").ToList() is
            { Count: > 0 } problems
            ? string.Join("; ", problems)
            : "its chain does not end in a trusted certificate";
}
