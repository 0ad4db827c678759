using System.Text.Json;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// A gateway answer split as Alipay's SDKs split it: the name of its <c>*_response</c> object, that object's exact bytes in the
/// body (what <c>sign</c> covers: re-serializing could change escapes, spacing or number forms), and the <c>sign</c>.
/// </summary>
public sealed record AlipayAnswer(string Node, ReadOnlyMemory<byte> Raw, string? Sign)
{
    public const string ErrorNode = "error_response";

    /// <summary>The answer's <c>*_response</c> object, or null when the body is not such a JSON object (an HTML page, a truncated body).</summary>
    public static AlipayAnswer? Split(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            string? node = null, sign = null;
            ReadOnlyMemory<byte> raw = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (name == "sign" && reader.TokenType == JsonTokenType.String)
                    sign = reader.GetString();
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                if (isObject && node is null && name.EndsWith("_response", StringComparison.Ordinal))
                {
                    node = name;
                    raw = body.AsMemory(start, (int)reader.BytesConsumed - start);
                }
            }
            return node is null ? null : new AlipayAnswer(node, raw, sign);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The name of a method's answer object: <c>alipay.system.oauth.token</c> answers in <c>alipay_system_oauth_token_response</c>.</summary>
    public static string NodeOf(string method) => method.Replace('.', '_') + "_response";
}
