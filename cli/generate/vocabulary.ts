// Word lists the generator draws from: Spotify markets, genre families (artists' genres come from
// one family, sorted, as in the real file), and names in the scripts the real catalog holds.

/** Splits a `|`- or newline-separated list; keeps the lists compact and readable. */
function list(text: string): readonly string[] {
  return text
    .split(/\s*[|\n]\s*/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** The 79 markets Spotify listed in 2019-2020, in the order the API returned them. */
export const MARKETS = list(`AD|AE|AR|AT|AU|BE|BG|BH|BO|BR|CA|CH|CL|CO|CR|CY|CZ|DE|DK|DO|DZ|EC|EE|EG
  ES|FI|FR|GB|GR|GT|HK|HN|HU|ID|IE|IL|IN|IS|IT|JO|JP|KW|LB|LI|LT|LU|LV|MA|MC|MT|MX|MY|NI|NL|NO|NZ
  OM|PA|PE|PH|PL|PS|PT|PY|QA|RO|SA|SE|SG|SK|SV|TH|TN|TR|TW|US|UY|VN|ZA`);

/** Markets whose playlists the tracks were collected from (the tracks' `country`). */
export const PLAYLIST_COUNTRIES = list(`US|GB|BR|DE|FR|ES|MX|CA|AU|NL|SE|IT|BE|CO|AR|PL|TR|JP|DK
  NO|FI|CL|PT|IN|ID|PH`);

export const GENRE_FAMILIES: readonly (readonly string[])[] = [
  list(`sertanejo|sertanejo pop|sertanejo tradicional|sertanejo universitario|pagode|arrocha|forro
    brega|velha guarda`),
  list(`brostep|zapstep|filthstep|electronic trap|electro house|bass trap|edm|moombahton
    complextro|catstep`),
  list('drum and bass|jump up|neurofunk|liquid funk|jungle|breakbeat|dancefloor dnb'),
  list(`hip hop|abstract hip hop|experimental hip hop|underground rap|hardcore hip hop|trap|pop rap
    southern hip hop|belgian hip hop|french hip hop|german hip hop`),
  list(`christian hip hop|christian trap|anthem worship|ccm|christian music|worship
    children's music`),
  list(`classical|orchestra|classical cello|classical organ|french baroque|early music|opera
    string quartet|contemporary classical|classical piano`),
  list(`jazz|jazz saxophone|jazz piano|stride|bebop|cool jazz|contemporary jazz|vocal jazz
    hard bop`),
  list(`pop|dance pop|electropop|indie pop|k-pop|j-pop|swedish pop|danish pop rock|post-teen pop
    classic finnish pop|uk alternative pop`),
  list(`rock|indie rock|alternative rock|modern rock|garage rock|psychedelic rock|colombian rock
    rock en espanol|rock 'n' roll`),
  list(`indie|minneapolis indie|montreal indie|colombian indie|indie folk|chamber pop|bedroom pop
    lo-fi beats`),
  list('latin|reggaeton|latin pop|urbano latino|cumbia|salsa|bachata|tropical|vallenato'),
  list('r&b|urban contemporary|neo soul|soul|quiet storm|new jack swing|funk'),
  list('comedy|british comedy|new comedy|deep comedy'),
  list(`house|deep house|tech house|progressive house|tropical house|techno|minimal techno
    trance`),
  list('metal|death metal|black metal|thrash metal|metalcore|nu metal|power metal'),
  list('country|contemporary country|country road|outlaw country|bluegrass|americana'),
  list('chanson|variete francaise|nouvelle chanson francaise|francoton'),
  list('schlager|deutschrock|neue deutsche welle|volksmusik'),
  list('turkish pop|turkish rock|arabesk|turkish trap'),
  list('russian pop|russian rock|russian hip hop|estrada'),
];

export const FIRST_NAMES = list(`Juliano|Camille|Jean-Pierre|Fiona|Lydia|Alain|Reiko|Kathleen
  Brandon|Nicholas|Sophia|Dave|Michael|Josh|Eddie|Vincent|Olivier|Frankie|Tom|Agnaldo|Márcio
  Andrés|Julián|Ana María|Toño|Joël|Raphaël|Célia|Joséphine|Léo|Łukasz|Józef|Agnieszka|Søren
  Bjørn|Åsa|Jürgen|Günther|Zoë|Björk|Çağla|Şebnem|Göksel|Ирина|Сергей|Алексей|Νίκος|Μαρία
  Seo-yeon|Min-jun|Kenji|Yuki|Aiko|Thảo|Đức|Priya|Arjun|Chidi|Amara|Mateus|Gabriela|Luísa|João
  Inês|Nuño|Mariana|Chris|Jessica|Marcus|Olivia|Stéphanie|Rick|Pepe|Marie|Lasse|Kai`);

export const LAST_NAMES = list(`Cezar|Pépin|Guignon|McGown|Liza|Meunier|Tsuiki|Hanna|Mints|Perez
  Eris|Waite|Palascak|Gondelman|Izzard|Ho|Latry|Boyle|Simmons|Timoteo|Werneck|Corredor|Mayorga
  Villa|Restrepo|Bons|Merlin|Bensaïd|Ambroselli|Margue|Borowicz|Zák|Wiśniewska|Østergaard
  Lindström|Müller|Schröder|Weiß|Núñez|Bernabé|Yılmaz|Öztürk|Иванова|Смирнов|Παπαδόπουλος|Kim
  Park|Tanaka|Nguyễn|Trần|Sharma|Okafor|Silva|Santos|Oliveira|Gonçalves|Carter|Johnson
  Williams|Brown|D'Oustrac|O'Connor|Bergman|Englund|Willberg`);

export const WORDS = list(`love|night|fire|summer|heart|dream|city|light|rain|gold|blue|wild|home
  river|ghost|paradise|echo|silver|storm|ocean|amor|corazón|noche|vida|saudade|coração|cielo
  fuego|mar|luna|été|cœur|rêve|nuit|Sehnsucht|Herz|sommar|kärlek|rakkaus|yağmur|сердце|ночь
  사랑|밤|夢|夜|光|hope|dance|road|stars|tonight|forever|alone|together|midnight|sunrise|shadow
  wave|machine|don't|I'm|we're|baby|girl|boy|money|party|time|world|sky|island|desert`);

export const NATIVE_SCRIPT_NAMES = list(`나선|아이유|빅뱅|방탄소년단|선미|지코|米津玄師|あいみょん
  宇多田ヒカル|ヨルシカ|Кино|Ленинград|Σταμάτης Κραουνάκης|NUDØ|Fravær|Sigur Rós`);

export const BAND_SUFFIXES = list(`Quartet|Ensemble|Orchestra|Trio|Collective|Band|Crew|Project
  Sound System|& The Paradise|& Friends`);

export const EMOJI = list('💔|🔥|✨|🌙|🎶');

/** Appended to a name as they are, separator included. */
export const ALBUM_SUFFIXES: readonly string[] = [
  ' EP',
  ' (Deluxe Edition)',
  ' (Remastered)',
  ', Vol. 2',
  ' (Live)',
  ' [Original Motion Picture Soundtrack]',
  ' (Ao Vivo)',
];

export const TRACK_SUFFIXES: readonly string[] = [
  ' - Remastered 2011',
  ' - Radio Edit',
  ' - Live',
  ' - Acoustic Version',
  ' - Remix',
  ' - Ao Vivo',
  ' - En Vivo',
];
