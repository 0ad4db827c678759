namespace Dashop.Web.Features.WeiboLogin;

/// <summary>An answer of the simulated Weibo API: a JSON body and its HTTP status, in Weibo's formats (spec §8).</summary>
public sealed record SimulatorAnswer(int Status, object Body)
{
    public static SimulatorAnswer Error(int errorCode, string error, string description, string request) =>
        new(StatusCodes.Status400BadRequest, new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_code"] = errorCode,
            ["error_description"] = description,
            ["request"] = request,
        });
}
