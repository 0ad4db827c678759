namespace Dashop.Web.Features.Api;

public static class ApiCodes
{
    public const int Ok = 200;
    public const int WeiboNotBound = 201;
    public const int SmsCannotSend = 10110;
    public const int SmsCooldown = 10111;
    public const int CodeWrong = 10112;
    public const int WeiboUnavailable = 10113;
    public const int DatabaseError = 10114;
    public const int InvalidPhone = 10115;
    public const int RateLimited = 10116;
    public const int Taken = 10117;
    public const int InvalidField = 10118;
    public const int TicketInvalid = 10119;
    public const int WrongPassword = 10120;
    public const int LockedOut = 10121;
    public const int TokenInvalid = 10122;
    public const int NoAccount = 10124;
}
