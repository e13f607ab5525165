package heldout

// Term is a Luganda, Swahili or other Ugandan-language word used in a held-out case.
type Term struct {
	Language string
	Meaning  string
	// Source is where the meaning comes from: "foods.csv local_names" when the food
	// table gives the word, otherwise the author's general knowledge.
	Source string
	// Review is true when no native speaker has checked the term yet.
	Review bool
}

const (
	srcTable   = "foods.csv local_names"
	srcGeneral = "author's general knowledge; not checked against a dictionary"
)

// Terms documents every local-language term the cases use (README.md lists them too; a
// test keeps the three in step).
var Terms = map[string]Term{
	// From the food table's local_names column.
	"kawunga":        {"Luganda", "maize flour; posho (stiff maize porridge)", srcTable, false},
	"ebijanjaalo":    {"Luganda", "beans", srcTable, false},
	"lumonde":        {"Luganda", "sweet potato", srcTable, false},
	"omuceere":       {"Luganda", "rice", srcTable, false},
	"matooke":        {"Luganda", "green cooking banana", srcTable, false},
	"muwogo":         {"Luganda", "cassava", srcTable, false},
	"amata":          {"Luganda", "milk", srcTable, false},
	"doodo":          {"Luganda", "amaranth leaves (dodo)", srcTable, false},
	"ennyama y'ente": {"Luganda", "beef (literally meat of cow)", srcTable, false},
	"enkoko":         {"Luganda", "chicken", srcTable, false},
	"bogoya":         {"Luganda", "sweet (dessert) banana", srcTable, false},
	"muyembe":        {"Luganda", "mango", srcTable, false},
	"caayi":          {"Luganda", "tea", srcTable, false},
	"ssukaali":       {"Luganda", "sugar (the table names table sugar so); used for blood sugar in speech", srcTable + "; the blood-sugar sense is the author's general knowledge", true},
	"ugali":          {"Swahili", "stiff maize porridge (posho)", srcTable, false},
	"nyama choma":    {"Swahili", "grilled meat", srcTable, false},
	"dagaa":          {"Swahili", "silver fish (mukene)", srcTable, false},
	"managu":         {"Swahili", "African nightshade leaves", srcTable, false},
	"omena":          {"Luo", "silver fish (mukene)", srcTable, false},
	"nsenene":        {"Luganda", "grasshoppers", srcTable, false},
	"obuugi":         {"Luganda", "thin porridge (millet or maize)", srcTable, false},
	"malakwang":      {"Acholi", "roselle leaves", srcTable, false},
	"empindi":        {"Luganda", "cowpeas", srcTable, false},
	"mugaati":        {"Luganda", "bread", srcTable, false},
	"uji wa wimbi":   {"Swahili", "finger millet porridge", srcTable, false},
	"chai":           {"Swahili", "tea", srcTable, false},

	// Not in the food table: the author's general knowledge, to be checked.
	"sukaali":         {"Luganda", "sugar; in speech also blood sugar (spelling variant of ssukaali)", srcGeneral, true},
	"mu":              {"Luganda", "in", srcGeneral, true},
	"musaayi":         {"Luganda", "blood (sukaali mu musaayi: sugar in the blood, blood sugar)", srcGeneral, true},
	"wange":           {"Luganda", "my (the correct concord after ssukaali may be yange)", srcGeneral, true},
	"yange":           {"Luganda", "my (class 9 concord)", srcGeneral, true},
	"ali waggulu":     {"Luganda", "is high (waggulu: up, above)", srcGeneral, true},
	"nnyo":            {"Luganda", "very, a lot", srcGeneral, true},
	"nkankana":        {"Luganda", "I am shaking, trembling", srcGeneral, true},
	"emmere":          {"Luganda", "food", srcGeneral, true},
	"gye nnalidde":    {"Luganda", "that I ate", srcGeneral, true},
	"jjo":             {"Luganda", "yesterday (also tomorrow, by context)", srcGeneral, true},
	"ssente":          {"Luganda", "money", srcGeneral, true},
	"meka":            {"Luganda", "how much, how many", srcGeneral, true},
	"bbeeyi":          {"Luganda", "price", srcGeneral, true},
	"ya":              {"Luganda/Swahili", "of (possessive concord)", srcGeneral, true},
	"emu":             {"Luganda", "one (class 9 concord, e.g. kilo emu)", srcGeneral, true},
	"webale":          {"Luganda", "thank you (informal spelling of weebale)", srcGeneral, true},
	"kikopo":          {"Luganda", "cup", srcGeneral, true},
	"kimu":            {"Luganda", "one (class 7 concord)", srcGeneral, true},
	"ekyenkya":        {"Luganda", "breakfast", srcGeneral, true},
	"kyange":          {"Luganda", "my (class 7 concord)", srcGeneral, true},
	"na":              {"Swahili", "and, with", srcGeneral, true},
	"maharage":        {"Swahili", "beans", srcGeneral, true},
	"ngapi":           {"Swahili", "how many", srcGeneral, true},
	"mbili":           {"Swahili", "two", srcGeneral, true},
	"sukari":          {"Swahili", "sugar; in speech also blood sugar", srcGeneral, true},
	"yangu":           {"Swahili", "my", srcGeneral, true},
	"iko juu sana":    {"Swahili", "is very high", srcGeneral, true},
	"iko chini":       {"Swahili", "is low", srcGeneral, true},
	"natetemeka":      {"Swahili", "I am trembling", srcGeneral, true},
	"bei":             {"Swahili", "price", srcGeneral, true},
	"unga wa mahindi": {"Swahili", "maize flour", srcGeneral, true},
	"wali":            {"Swahili", "cooked rice", srcGeneral, true},
	"kisukari":        {"Swahili", "diabetes", srcGeneral, true},
	"maziwa":          {"Swahili", "milk", srcGeneral, true},
	"mboga za majani": {"Swahili", "leafy vegetables", srcGeneral, true},
}
