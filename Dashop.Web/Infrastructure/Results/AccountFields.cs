namespace Dashop.Web.Infrastructure.Results;

/// <summary>The fields of an account as every form, /v1 and create-admin name them: the keys of <see cref="FieldError"/>.</summary>
public static class AccountFields
{
    public static readonly AccountField Username = new("username", "Username", "uname", "--username");
    public static readonly AccountField Password = new("password", "Password", "password", "password");
    public static readonly AccountField Phone = new("phone", "Phone", "phone", "--phone");
    public static readonly AccountField Email = new("email", "Email", "email", "--email");
    public static readonly AccountField Code = new("verify", "Code", "verify", "verify");
    public static readonly AccountField Terms = new("terms", "TermsAccepted", "terms_accepted", "--terms");

    private static readonly AccountField[] All = [Username, Password, Phone, Email, Code, Terms];

    public static AccountField Of(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "not a field of an account");
}
