namespace AirPlan.Web.Data;

/// <summary>
/// A region's 督办单 letterhead: its 文号 prefix (孟环督) and 落款 (the issuing office). A region without a row uses the
/// defaults of <c>Core/Rules/NoticeNumbers</c>; a row is written when an office sets its own.
/// </summary>
public class RegionNoticeSetting
{
    public int RegionId { get; private set; }
    public string Prefix { get; private set; } = "";
    public string IssuingOffice { get; private set; } = "";

    private RegionNoticeSetting() { }

    public RegionNoticeSetting(int regionId, string prefix, string issuingOffice)
    {
        RegionId = regionId;
        Prefix = prefix;
        IssuingOffice = issuingOffice;
    }
}

/// <summary>
/// The last 督办单 number given per region and year. Incremented with one upsert … RETURNING inside the transaction that
/// inserts the notice, so the row lock orders concurrent issuers and a rolled-back notice gives its number back: no gaps,
/// no duplicates (MAX()+1 would hand two issuers the same number).
/// </summary>
public class NoticeCounter
{
    public int RegionId { get; private set; }
    public int Year { get; private set; }
    public int LastNumber { get; private set; }

    private NoticeCounter() { }
}
