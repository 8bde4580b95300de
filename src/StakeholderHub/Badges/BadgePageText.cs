using Microsoft.Net.Http.Headers;

namespace StakeholderHub.Badges;

/// <summary>
/// The badge page's own words in one language (the badge's content, what was issued, stays as issued). One instance
/// per language below; a language is chosen by <c>?lang=</c>, then the pages' choice (the <c>shub.lang</c> cookie
/// the language switcher sets), then the browser's <c>Accept-Language</c>, else English.
/// </summary>
public sealed record BadgePageText
{
    public required string Lang { get; init; }
    public required string LanguageName { get; init; }
    public required string LanguageLabel { get; init; }
    public required Func<string, string> EarnedBy { get; init; }
    public required string Valid { get; init; }
    public required string Revoked { get; init; }
    public required string Issuer { get; init; }
    public required string IssuedOn { get; init; }
    public required string Session { get; init; }
    public required string RevokedOn { get; init; }
    public required string WhatItTakes { get; init; }
    public required Func<string, string> WhatTheyDid { get; init; }
    public required string Competences { get; init; }
    public required string Verify { get; init; }
    public required string DownloadPng { get; init; }
    public required string AddToLinkedIn { get; init; }
    public required Func<string, string> Verified { get; init; }
    public required Func<string, string> VerifiedButRevoked { get; init; }
    public required Func<string, string> DoesNotVerify { get; init; }
    public required string ForPlatforms { get; init; }
    public required string Ob3Jwt { get; init; }
    public required string Ob3Json { get; init; }
    public required string Ob2Assertion { get; init; }
    public required string BakedPng { get; init; }
    public required string PublicKeys { get; init; }
    public required string[] Months { get; init; }

    /// <summary>A date as people write it in this language (the server runs without culture data).</summary>
    public string Date(DateTimeOffset at) => $"{at.UtcDateTime.Day} {Months[at.UtcDateTime.Month - 1]} {at.UtcDateTime.Year}";

    /// <summary>A date and a 24-hour time in UTC.</summary>
    public string DateTime(DateTimeOffset at) => $"{Date(at)}, {at.UtcDateTime:HH:mm} UTC";

    public static readonly BadgePageText En = new()
    {
        Lang = "en",
        LanguageName = "English",
        LanguageLabel = "Language",
        EarnedBy = name => $"Earned by {name}",
        Valid = "Valid",
        Revoked = "Revoked",
        Issuer = "Issuer",
        IssuedOn = "Issued on",
        Session = "Session",
        RevokedOn = "Revoked on",
        WhatItTakes = "What it takes",
        WhatTheyDid = name => $"What {name} did",
        Competences = "Competences",
        Verify = "Verify this badge",
        DownloadPng = "Download the badge (PNG)",
        AddToLinkedIn = "Add to LinkedIn",
        Verified = key => $"Verified: the signature matches the issuer's published key ({key}) and the badge has not been revoked.",
        VerifiedButRevoked = reason => "The signature is the issuer's, but the badge has been revoked" + (reason.Length == 0 ? "." : $": {reason}."),
        DoesNotVerify = error => $"This badge does not verify: {error}",
        ForPlatforms = "For platforms",
        Ob3Jwt = "Open Badges 3.0 credential (signed VC-JWT)",
        Ob3Json = "Open Badges 3.0 credential (JSON)",
        Ob2Assertion = "Open Badges 2.0 assertion",
        BakedPng = "baked PNG",
        PublicKeys = "The issuer's public keys",
        Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    };

    public static readonly BadgePageText Nl = new()
    {
        Lang = "nl",
        LanguageName = "Nederlands",
        LanguageLabel = "Taal",
        EarnedBy = name => $"Behaald door {name}",
        Valid = "Geldig",
        Revoked = "Ingetrokken",
        Issuer = "Uitgever",
        IssuedOn = "Uitgereikt op",
        Session = "Sessie",
        RevokedOn = "Ingetrokken op",
        WhatItTakes = "Wat ervoor nodig is",
        WhatTheyDid = name => $"Wat {name} deed",
        Competences = "Competenties",
        Verify = "Deze badge controleren",
        DownloadPng = "Badge downloaden (PNG)",
        AddToLinkedIn = "Toevoegen aan LinkedIn",
        Verified = key => $"Gecontroleerd: de handtekening past bij de gepubliceerde sleutel van de uitgever ({key}) en de badge is niet ingetrokken.",
        VerifiedButRevoked = reason => "De handtekening is van de uitgever, maar de badge is ingetrokken" + (reason.Length == 0 ? "." : $": {reason}."),
        DoesNotVerify = error => $"Deze badge klopt niet: {error}",
        ForPlatforms = "Voor platformen",
        Ob3Jwt = "Open Badges 3.0-credential (ondertekende VC-JWT)",
        Ob3Json = "Open Badges 3.0-credential (JSON)",
        Ob2Assertion = "Open Badges 2.0-assertion",
        BakedPng = "PNG met ingebakken badge",
        PublicKeys = "De publieke sleutels van de uitgever",
        Months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    };

    public static readonly BadgePageText Fr = new()
    {
        Lang = "fr",
        LanguageName = "Français",
        LanguageLabel = "Langue",
        EarnedBy = name => $"Obtenu par {name}",
        Valid = "Valide",
        Revoked = "Révoqué",
        Issuer = "Émetteur",
        IssuedOn = "Délivré le",
        Session = "Session",
        RevokedOn = "Révoqué le",
        WhatItTakes = "Ce qu’il faut faire",
        WhatTheyDid = name => $"Ce que {name} a fait",
        Competences = "Compétences",
        Verify = "Vérifier ce badge",
        DownloadPng = "Télécharger le badge (PNG)",
        AddToLinkedIn = "Ajouter à LinkedIn",
        Verified = key => $"Vérifié : la signature correspond à la clé publiée de l’émetteur ({key}) et le badge n’a pas été révoqué.",
        VerifiedButRevoked = reason => "La signature est bien celle de l’émetteur, mais le badge a été révoqué" + (reason.Length == 0 ? "." : $" : {reason}."),
        DoesNotVerify = error => $"Ce badge ne se vérifie pas : {error}",
        ForPlatforms = "Pour les plateformes",
        Ob3Jwt = "Attestation Open Badges 3.0 (VC-JWT signé)",
        Ob3Json = "Attestation Open Badges 3.0 (JSON)",
        Ob2Assertion = "Assertion Open Badges 2.0",
        BakedPng = "PNG avec le badge intégré",
        PublicKeys = "Les clés publiques de l’émetteur",
        Months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    };

    public static readonly BadgePageText De = new()
    {
        Lang = "de",
        LanguageName = "Deutsch",
        LanguageLabel = "Sprache",
        EarnedBy = name => $"Erworben von {name}",
        Valid = "Gültig",
        Revoked = "Widerrufen",
        Issuer = "Aussteller",
        IssuedOn = "Ausgestellt am",
        Session = "Sitzung",
        RevokedOn = "Widerrufen am",
        WhatItTakes = "Was es dafür braucht",
        WhatTheyDid = name => $"Was {name} getan hat",
        Competences = "Kompetenzen",
        Verify = "Dieses Abzeichen prüfen",
        DownloadPng = "Abzeichen herunterladen (PNG)",
        AddToLinkedIn = "Zu LinkedIn hinzufügen",
        Verified = key => $"Geprüft: Die Signatur passt zum veröffentlichten Schlüssel des Ausstellers ({key}), und das Abzeichen wurde nicht widerrufen.",
        VerifiedButRevoked = reason => "Die Signatur stammt vom Aussteller, aber das Abzeichen wurde widerrufen" + (reason.Length == 0 ? "." : $": {reason}."),
        DoesNotVerify = error => $"Dieses Abzeichen lässt sich nicht prüfen: {error}",
        ForPlatforms = "Für Plattformen",
        Ob3Jwt = "Open-Badges-3.0-Nachweis (signiertes VC-JWT)",
        Ob3Json = "Open-Badges-3.0-Nachweis (JSON)",
        Ob2Assertion = "Open-Badges-2.0-Assertion",
        BakedPng = "PNG mit eingebettetem Abzeichen",
        PublicKeys = "Die öffentlichen Schlüssel des Ausstellers",
        Months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    };

    public static IReadOnlyList<BadgePageText> All { get; } = [En, Nl, Fr, De];

    /// <summary>The language this request asks for; <paramref name="fromQuery"/> says whether <c>?lang=</c> chose it.</summary>
    public static BadgePageText For(HttpRequest request, out bool fromQuery)
    {
        var asked = Find(request.Query["lang"].ToString());
        fromQuery = asked is not null;
        if (asked is not null)
        {
            return asked;
        }

        if (Find(request.Cookies["shub.lang"]) is { } chosen)
        {
            return chosen;
        }

        var accepted = StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var list) ? list : [];
        foreach (var tag in accepted.OrderByDescending(value => value.Quality ?? 1))
        {
            if (Find(tag.Value.Value?.Split('-')[0]) is { } browser)
            {
                return browser;
            }
        }

        return En;
    }

    private static BadgePageText? Find(string? code) =>
        All.FirstOrDefault(text => string.Equals(text.Lang, code, StringComparison.OrdinalIgnoreCase));
}
