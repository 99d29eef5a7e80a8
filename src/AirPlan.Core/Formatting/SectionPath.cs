namespace AirPlan.Core.Formatting;

/// <summary>
/// Where a task sits in its plan, as a reader names it: 三、主要任务 › （二）优化能源结构… when the chapter has numbered
/// sections (Mengjin, Mengzhou), 二、优化产业结构… when the chapter itself is the section (Yichuan, Luohe, Jiyuan). Every
/// screen and the Excel ask here, so the chapter number is never put before a section title it does not belong to.
/// </summary>
public static class SectionPath
{
    public const string Separator = " › ";

    public static string Of(string chapterNumber, string chapterTitle, string section)
    {
        var chapter = chapterNumber.Length == 0 ? chapterTitle
            : chapterTitle.Length == 0 ? chapterNumber
            : $"{chapterNumber}、{chapterTitle}";
        // The parser sets the section to the chapter's title when the chapter has no sections of its own.
        if (section.Length == 0 || section == chapterTitle) return chapter;
        return chapter.Length == 0 ? section : chapter + Separator + section;
    }
}
