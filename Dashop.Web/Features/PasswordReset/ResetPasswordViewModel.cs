using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>The page a reset link opens: the link's user id and token, and the new password.</summary>
public sealed class ResetPasswordViewModel
{
    public string? Uid { get; set; }

    public string? Token { get; set; }

    [Display(Name = "New password"), DataType(DataType.Password), StringLength(128, ErrorMessage = "{0} is too long.")]
    public string? Password { get; set; }
}
