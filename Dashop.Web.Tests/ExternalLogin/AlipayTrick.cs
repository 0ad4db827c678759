namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>How the fake Alipay spoils its next answer to one method, to prove the client checks the signature.</summary>
public enum AlipayTrick
{
    /// <summary>Signed with a key that is not Alipay's.</summary>
    SignedWithAnotherKey,

    /// <summary>Signed correctly, then the text changed (another person's id), as a man in the middle would.</summary>
    Tampered,

    /// <summary>No <c>sign</c> at all.</summary>
    NoSignature,
}
