using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.Sms;

/// <summary>Ronglian's request signing: one China-time timestamp in both the <c>sig</c> and the Authorization header.</summary>
public readonly record struct RonglianSignature(string Timestamp, string Sig, string Authorization)
{
    public static RonglianSignature Create(string accountSid, string authToken, DateTimeOffset now)
    {
        var timestamp = now.ToChinaTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
#pragma warning disable CA5351 // Ronglian's protocol prescribes MD5 for the request signature.
        var sig = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(accountSid + authToken + timestamp)));
#pragma warning restore CA5351
        var authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + timestamp));
        return new RonglianSignature(timestamp, sig, authorization);
    }
}
