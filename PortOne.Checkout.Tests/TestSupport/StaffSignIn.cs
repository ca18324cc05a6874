using Microsoft.Playwright;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>Staff signing in through the sign-in form in the browser, as a person does.</summary>
public static class StaffSignIn
{
    /// <summary>Fills the Korean sign-in form on <paramref name="page"/> and presses 로그인.</summary>
    public static async Task FillAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("아이디", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("비밀번호", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인" }).ClickAsync();
    }

    /// <summary>Opens <paramref name="path"/> in a new page by way of the sign-in form, and waits until it is there.</summary>
    public static async Task<IPage> AtAsync(IBrowserContext context, string path, string userName, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login?ReturnUrl=" + Uri.EscapeDataString(path));
        await FillAsync(page, userName, password);
        await page.WaitForURLAsync("**" + path);
        return page;
    }
}
