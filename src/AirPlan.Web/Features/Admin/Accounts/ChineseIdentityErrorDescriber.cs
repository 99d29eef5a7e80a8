using Microsoft.AspNetCore.Identity;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>Identity's validation messages in Simplified Chinese, as users and admins see them.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作失败，请稍后重试");
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "账号已被他人修改，请刷新后重试");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "密码不正确");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "链接或令牌已失效");
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "恢复码无效");
    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "该外部登录已绑定其他账号");
    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), $"用户名「{userName}」无效：只能包含英文字母、数字和 - . _ @ +");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"邮箱「{email}」格式不正确");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"用户名「{userName}」已被使用");
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"邮箱「{email}」已被使用");
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), $"角色「{role}」无效");
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), $"角色「{role}」已存在");
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "该账号已设置密码");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该账号未启用锁定功能");
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"账号已属于角色「{AppRoles.Title(role)}」");
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"账号不属于角色「{AppRoles.Title(role)}」");
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少需要 {length} 个字符");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"密码至少需要包含 {uniqueChars} 个不同的字符");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码至少需要包含一个符号（非字母、非数字）");
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码至少需要包含一个数字（0-9）");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码至少需要包含一个小写字母（a-z）");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码至少需要包含一个大写字母（A-Z）");
}
