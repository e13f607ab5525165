package assistant

import "sync"

// aliases maps chat spellings, common misspellings, Luganda (lg) and Swahili
// (sw) words to the canonical English word the intent rules look for.
var aliases = map[string]string{
	// chat spellings
	"u": "you", "ur": "your", "yr": "your", "r": "are", "wat": "what", "wht": "what", "whats": "what",
	"wats": "what", "wot": "what", "hw": "how", "hwo": "how", "pls": "please", "plz": "please",
	"plis": "please", "pliz": "please", "abt": "about", "bout": "about", "n": "and", "nd": "and",
	"im": "i", "ive": "i", "iam": "i", "cn": "can", "cud": "could", "shd": "should", "shud": "should",
	"wanna": "want", "dnt": "dont", "didnt": "did", "havent": "have", "wana": "want", "tht": "that",
	"thx": "thanks", "thnx": "thanks", "tnx": "thanks", "tanks": "thanks", "thank": "thanks",
	"yday": "yesterday", "ystd": "yesterday", "yest": "yesterday", "ystrday": "yesterday", "tdy": "today",
	"tonight": "today", "wk": "week", "wks": "week", "weeks": "week", "mnth": "month", "months": "month",
	"avg": "average", "ave": "average", "mean": "average", "lst": "last", "tym": "time", "nyt": "night",
	// nutrients
	"carb": "carbs", "carbz": "carbs", "carbohydrate": "carbs", "carbohydrates": "carbs", "carbo": "carbs",
	"starch": "carbs", "calorie": "calories", "cal": "calories", "cals": "calories", "kcal": "calories",
	"kcals": "calories", "kilocalories": "calories", "energy": "calories", "proteins": "protein",
	"fats": "fat", "fiber": "fibre", "fibers": "fibre", "fibres": "fibre", "vitamin": "vitamins",
	"nutrient": "nutrients", "nutrition": "nutrients", "nutritional": "nutrients", "glycemic": "gi",
	"glycaemic": "gi", "contains": "contain", "content": "contain",
	// diabetes and glucose
	"diabetic": "diabetes", "diabetics": "diabetes", "diabetis": "diabetes", "diabetes": "diabetes",
	"diabeties": "diabetes", "diabetic's": "diabetes", "dm": "diabetes", "diabete": "diabetes",
	"glucose": "glucose", "gluco": "glucose", "bs": "glucose", "bg": "glucose", "rbs": "glucose",
	"fbs": "glucose", "sukaali": "sugar", "sukari": "sugar", "shuga": "sugar", "sugah": "sugar",
	"suger": "sugar", "sugars": "sugar", "readings": "reading", "levels": "level", "lvl": "level",
	"glucometer": "meter", "machine": "meter", "hypoglycemia": "hypo", "hypoglycaemia": "hypo",
	"hyperglycemia": "hyper", "hyperglycaemia": "hyper", "mg": "mgdl", "mmol": "mmoll", "mmols": "mmoll",
	"a1c": "hba1c", "hb": "hba1c", "gl": "gi",
	// money
	"ushs": "ugx", "shs": "ugx", "sh": "ugx", "shillings": "ugx", "shilling": "ugx", "shs.": "ugx",
	"bob": "ugx", "ssente": "money", "sente": "money", "pesa": "money", "cash": "money",
	"spent": "spend", "spending": "spend", "spends": "spend", "expenses": "spend", "expense": "spend",
	"expenditure": "spend", "nsaasaanye": "spend", "nkozesezza": "spend", "used": "spend",
	"prices": "price", "costs": "cost", "costly": "expensive", "pricey": "expensive", "cheep": "cheap",
	"cheeper": "cheaper", "cheapest": "cheaper", "affordable": "cheap", "rahisi": "cheap", "bei": "price",
	"alternatives": "alternative", "substitutes": "alternative", "substitute": "alternative",
	"replacement": "alternative", "replace": "alternative", "swap": "alternative", "instead": "alternative",
	"thou": "thousand", "thousands": "thousand",
	// comparison and suitability
	"versus": "vs", "v": "vs", "compared": "compare", "comparison": "compare", "healthiest": "healthier",
	"okay": "ok", "okey": "ok", "okei": "ok", "kk": "ok", "fine": "ok", "allowed": "safe", "recommended": "good",
	"harmful": "bad", "dangerous": "bad", "raises": "raise", "rises": "raise", "rise": "raise",
	"spike": "raise", "spikes": "raise", "increase": "raise", "increases": "raise", "shoot": "raise",
	// eating and logging
	"eaten": "ate", "nalidde": "ate", "ndidde": "ate", "nnalidde": "ate", "nalya": "ate", "nimekula": "ate", "mmere": "food",
	"nilikula": "ate", "nimekunywa": "drank", "nanywa": "drank", "nnywedde": "drank", "drunk": "drank",
	"taken": "took", "okulya": "eat", "kulya": "eat", "lya": "eat", "eating": "eat", "kula": "eat",
	"having": "have", "emmere": "food", "chakula": "food", "meals": "meal", "record": "log",
	"note": "log", "enter": "log", "logged": "log", "save": "log", "add": "log", "njagala": "want",
	"nnyinza": "can", "nsobola": "can", "naweza": "can", "cooking": "cook", "prepare": "cook",
	"recommend": "suggest", "suggestion": "suggest", "suggestions": "suggest", "ideas": "suggest",
	"idea": "suggest", "advise": "suggest", "advice": "suggest",
	// goals
	"goals": "goal", "targets": "target", "progress": "progress", "ontrack": "track",
	// meals
	"bfast": "breakfast", "brekfast": "breakfast", "breakfst": "breakfast", "kyenkya": "breakfast",
	"ekyenkya": "breakfast", "kyankya": "breakfast", "ekyemisana": "lunch", "kyemisana": "lunch",
	"ekyamisana": "lunch", "lunchtime": "lunch", "supper": "dinner", "ekyeggulo": "dinner",
	"kyeggulo": "dinner", "eggulo": "dinner", "snacks": "snack", "snacked": "snack",
	// time
	"leero": "today", "leo": "today", "jjo": "yesterday", "jana": "yesterday", "wiiki": "week",
	"wiki": "week", "mwezi": "month", "eno": "this", "guno": "this", "past": "last", "previous": "last",
	// confirm and cancel
	"yeah": "yes", "yea": "yes", "yep": "yes", "yup": "yes", "ya": "yes", "yah": "yes", "yee": "yes",
	"yeee": "yes", "ee": "yes", "ndiyo": "yes", "sawa": "ok", "kale": "ok", "alright": "ok", "sure": "ok",
	"nope": "no", "nah": "no", "nedda": "no", "nda": "no", "hapana": "no", "nevermind": "cancel",
	"discard": "cancel", "stop": "cancel", "abort": "cancel", "dont": "dont", "don't": "dont",
	// greetings and help
	"hello": "hi", "helo": "hi", "hallo": "hi", "hullo": "hi", "hey": "hi", "hie": "hi", "hy": "hi",
	"greetings": "hi", "gyebale": "hi", "gyebaleko": "hi", "habari": "hi", "jambo": "hi", "mambo": "hi",
	"otya": "hi", "webale": "thanks", "webaale": "thanks", "asante": "thanks", "assist": "help",
	"commands": "help", "menu": "help", "guide": "help", "features": "help",
	// medicines
	"insuline": "insulin", "insulen": "insulin", "insullin": "insulin", "mixtard": "insulin",
	"actrapid": "insulin", "novorapid": "insulin", "lantus": "insulin", "humulin": "insulin",
	"novomix": "insulin", "glargine": "insulin", "metformin": "medicine", "glibenclamide": "medicine",
	"gliclazide": "medicine", "tablets": "medicine", "tablet": "medicine", "pills": "medicine",
	"pill": "medicine", "medication": "medicine", "medicines": "medicine", "drugs": "medicine",
	"dawa": "medicine", "eddagala": "medicine", "dosage": "dose", "doses": "dose", "units": "unit",
	"injection": "inject", "injections": "inject", "jab": "inject",
	// symptoms (safety)
	"shaking": "shaky", "shakey": "shaky", "trembling": "shaky", "sweaty": "sweating", "sweat": "sweating",
	"dizziness": "dizzy", "confusion": "confused", "fainted": "faint", "fainting": "faint",
	"unconscious": "faint", "collapsed": "faint", "seizure": "fits", "convulsions": "fits",
	"vomit": "vomiting", "vomited": "vomiting", "vomitting": "vomiting", "puking": "vomiting",
	"ketone": "ketones", "dka": "ketones",
	// Luganda and Swahili function words
	"wange": "my", "yange": "my", "gwange": "my", "zange": "my", "kyange": "my", "ne": "and", "na": "and",
	"ku": "for", "mu": "in", "meka": "many", "ngapi": "many", "nga": "how", "kiki": "what",
	"ki": "what", "nini": "what", "oba": "or", "au": "or",
	// Luganda and Swahili words for blood sugar, its level and how one feels, for
	// meals, money and lists (sources and review status: chatdata/LEXICON.md)
	"ssukaali": "sugar", "waggulu": "high", "wagulu": "high", "waggulu.": "high",
	"juu": "high", "chini": "low", "wansi": "low", "nnyo": "very", "nyo": "very", "sana": "very",
	"musaayi": "blood", "omusaayi": "blood", "damu": "blood", "yangu": "my", "ali": "is", "iko": "is", "guli": "is",
	"nkankana": "shaky", "natetemeka": "shaky", "ntetemera": "shaky", "katika": "in", "gye": "which",
	"bbeeyi": "price", "beeyi": "price", "gharama": "cost", "kisukari": "diabetes", "majani": "leaves",
	"mboga": "vegetables", "enva": "vegetables", "endiirwa": "vegetables",
	"lowest": "lowest", "staples": "staple", "starches": "staple", "starchy": "staple",
	"legume": "legumes", "pulses": "legumes", "minerals": "nutrients", "mineral": "nutrients",
	"richest": "richest", "highest": "highest", "eet": "eat", "yestaday": "yesterday", "yesteday": "yesterday",
	"yestarday": "yesterday", "yesterdy": "yesterday", "cheaply": "cheap", "protien": "protein",
	"protine": "protein", "proteen": "protein", "hypos": "lows", "lows": "lows", "highs": "highs",
	// more misspellings and words patients use for lists, goals and their own data
	"vegtables": "vegetables", "vegetable": "vegetables", "vegitables": "vegetables", "vegatables": "vegetables",
	"vegetebles": "vegetables", "iorn": "iron", "anaemic": "iron", "anemic": "iron", "anaemia": "iron",
	"anemia": "iron", "shillings'": "ugx", "ranked": "rank", "ranking": "rank",
	"limit": "target", "limits": "target", "weigh": "weight", "kilograms": "kilos", "unresponsive": "faint",
	"fitting": "fits", "convulsing": "fits", "tremble": "shaky", "shivering": "shaky",
	// Luganda and Swahili (chatdata/LEXICON.md)
	"mmeka": "many", "emeka": "many", "emirundi": "times", "omurundi": "times", "mara": "times",
	"omwezi": "month", "yali": "was", "obuseere": "cheap", "buseere": "cheap", "esinga": "most",
	"ekisinga": "most", "kisinga": "most", "zisinga": "most", "nilitumia": "spend", "nimetumia": "spend",
	"natumia": "spend", "huu": "this", "kwa": "for", "ntono": "little", "imeshuka": "low", "ishuka": "low",
	"imepanda": "high", "omuwendo": "price", "mch": "much", "sugr": "sugar", "suga": "sugar", "et": "eat",
	"swt": "sweet", "balance": "left", "nnakozesa": "spend", "nakozesa": "spend", "ewedde": "last",
	"oguwedde": "last", "guwedde": "last", "iliyopita": "last", "uliopita": "last", "fortnight": "fortnight",
	"checks": "reading", "measurements": "reading", "micronutrients": "nutrients", "micronutrient": "nutrients",
	"hav": "have", "lnch": "lunch", "lunh": "lunch", "nva": "vegetables", "nnyingi": "lots", "nyingi": "lots",
	"erimu": "contain", "hii": "this",
}

// canonicalWords are the words the intent rules and entity extractors know,
// beyond alias targets: no food name is fuzzy-matched against them and typos
// are corrected towards them.
var canonicalWords = []string{
	// function words
	"i", "me", "my", "mine", "you", "your", "the", "a", "an", "of", "for", "in", "on", "at", "to",
	"with", "and", "or", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
	"these", "those", "what", "how", "much", "many", "which", "who", "when", "where", "why", "do",
	"does", "did", "can", "could", "should", "would", "will", "some", "any", "not", "there", "here",
	"from", "by", "as", "so", "but", "if", "then", "than", "too", "very", "about", "just", "now",
	"only", "more", "less", "most", "per", "each", "get", "got", "give", "tell", "show", "know",
	"need", "want", "like", "please", "also", "all", "am", "has", "had", "have", "we", "our", "they",
	"them", "he", "she", "him", "her", "his", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", "ten", "half", "quarter", "times", "day", "days", "way", "after", "before",
	"morning", "afternoon", "evening", "night", "time", "again", "still", "other", "something",
	"anything", "way", "same", "well", "doing", "going", "feel", "feeling", "am", "help", "hi",
	"thanks", "good", "bad", "ok", "safe", "healthy", "healthier", "better", "best", "worse", "fit",
	"instead", "eat", "ate", "drink", "drank", "took", "take", "cook", "make", "buy", "bought",
	"food", "meal", "log", "plan", "suggest", "today", "yesterday", "week", "month", "last", "this",
	"breakfast", "lunch", "dinner", "snack", "sugar", "glucose", "reading", "level", "blood",
	"test", "tested", "checked", "check", "measured", "meter", "high", "low", "normal", "range",
	"hypo", "hyper", "hba1c", "average", "summary", "trend", "stats", "carbs", "calories",
	"protein", "fat", "fibre", "vitamins", "iron", "calcium", "sodium", "salt", "nutrients", "gi",
	"index", "load", "contain", "value", "diabetes", "diabetic", "patient", "patients", "disease",
	"money", "ugx", "budget", "afford", "cheap", "cheaper", "expensive", "price", "cost", "spend",
	"paid", "pay", "alternative", "thousand", "compare", "vs", "difference", "between", "raise",
	"lower", "control", "affect", "avoid", "goal", "target", "track", "progress", "yes", "no",
	"cancel", "dont", "wrong", "correct", "right", "confirm", "delete", "remove", "insulin",
	"medicine", "dose", "unit", "inject", "shot", "shaky", "sweating", "dizzy", "weak", "faint",
	"confused", "drowsy", "fits", "vomiting", "ketones", "nausea", "sick", "hungry", "thirsty",
	"readings", "mgdl", "mmoll", "work", "use", "using", "answer", "question", "questions",
	"option", "options", "kind", "type", "served", "portion", "serving", "enough", "okay",
	"weight", "lose", "gain", "water", "exercise", "walk", "lunch", "had", "having", "ready",
	"great", "nice", "cool", "perfect", "sorry", "wait", "change", "update", "edit", "mind",
	"never", "morning", "said", "say", "says", "shows", "showing", "reads", "read", "went", "came",
	"dropped", "rose", "now", "recent", "latest", "size", "big", "small", "much", "lot", "little",
	"foods", "meals", "help", "about", "who", "name", "hey", "done", "finished", "left", "remaining",
	"total", "week", "spend", "how", "its", "it", "ugandan", "uganda", "local", "home", "family",
	"kids", "child", "children", "rest", "plate", "cup", "glass", "bowl", "piece", "slice",
	"finger", "fingers", "spoon", "handful", "ladle", "heap", "packet", "bottle", "gram", "grams",
	"kilo", "litre", "teaspoon", "tablespoon", "sweet", "fresh", "fried", "boiled", "roasted",
	"steamed", "raw", "cooked", "green", "brown", "white", "red", "black", "big", "small",
	"mashed", "stew", "sauce", "soup", "leaves", "greens", "fruit", "fruits", "vegetables", "veg",
	"nuts", "tea", "alot", "diet", "dietitian", "doctor", "clinician", "nurse", "hospital",
	"book", "books", "taxi", "boda", "ticket", "football", "match", "weather", "rain", "news", "music",
	"song", "movie", "film", "phone", "airtime", "bank", "loan", "job", "car", "bus", "game", "joke",
	"president", "election", "church", "story", "poem", "write", "homework", "exam", "marry",
	"lowest", "least", "richest", "highest", "top", "list", "leafy", "legumes", "staple", "potassium",
	"lows", "highs", "latest", "count", "number", "percent", "percentage", "share", "diary", "fasting",
	"remain", "within", "over", "cheapest", "greens", "sources", "source", "rich", "ripe", "unripe", "bill", "bills",
	// common English words one or two letters away from a food name ("meet"
	// and "meat", "joke" and "coke", "rise" and "rice"): known, so never
	// read as foods
	"meet", "met", "reach", "reached", "joke", "jokes", "nice", "mice", "fine", "bake", "cake",
	"bean", "been", "seen", "bread", "break", "peace", "pace", "face", "race", "rise", "rose",
	"soft", "hard", "body", "head", "pain", "back", "leg", "legs", "eye", "eyes", "tired", "sleep",
	"work", "home", "house", "school", "shop", "market", "town", "city", "country", "world",
	"people", "person", "man", "woman", "men", "women", "baby", "mother", "father", "sister",
	"brother", "friend", "wife", "husband", "son", "daughter", "mum", "dad", "life", "love",
	"happy", "sad", "angry", "worried", "scared", "afraid", "sure", "maybe", "think", "thought",
	"hope", "wish", "try", "tried", "start", "started", "stop", "stopped", "keep", "kept", "find",
	"found", "look", "looking", "see", "saw", "hear", "heard", "talk", "call", "called", "send",
	"sent", "come", "coming", "go", "gone", "went", "leave", "live", "lives", "give", "gave",
	"put", "set", "let", "run", "move", "turn", "open", "close", "write", "wrote", "learn", "teach",
	"weather", "rain", "sun", "hot", "cold", "warm", "capital", "france", "football", "music",
	"song", "news", "phone", "money", "bank", "loan", "job", "salary", "price", "prices", "cheap",
	"lose", "lost", "gain", "gained", "weight", "kilos", "exercise", "walking", "running", "sport",
	"dear", "sir", "madam", "nnyabo", "ssebo", "doc", "zoe", "app", "bot", "chat", "message",
	"sense", "making", "passing", "out", "down", "up", "off", "over", "under", "into", "onto",
	"again", "already", "yet", "ever", "always", "usually", "often", "sometimes", "every",
	"everyday", "daily", "week", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "hour", "hours", "minute", "minutes", "second", "clock", "late", "early",
	"soon", "later", "next", "first", "second", "third", "once", "twice", "while", "during",
	"since", "until", "because", "though", "although", "whether", "either", "neither", "both",
	"such", "own", "same", "different", "new", "old", "young", "long", "short", "high", "low",
	"full", "empty", "right", "left", "wrong", "true", "false", "real", "best", "worst", "better",
	"summary", "number", "numbers", "result", "results", "report", "history", "list", "ahead",
	"nearest", "near", "where", "hospital", "clinic",
}

// vocabulary is the set of canonical words plus alias targets, and a fuzzy
// index over it for typo correction. Built once, read-only afterwards.
type vocabulary struct {
	words map[string]bool
	index *fuzzyIndex
}

var loadVocabulary = sync.OnceValue(func() *vocabulary {
	v := &vocabulary{words: make(map[string]bool), index: newFuzzyIndex(2)}
	add := func(w string) {
		if !v.words[w] {
			v.words[w] = true
			v.index.add(w)
		}
	}
	for _, w := range canonicalWords {
		add(w)
	}
	for variant, w := range aliases {
		add(w)
		// variants are typo targets too ("hellow" → "hello" → "hi")
		if len(variant) >= 4 {
			v.index.add(variant)
		}
	}
	return v
})

// canonical returns the canonical form of a word if it is known exactly.
func (v *vocabulary) canonical(w string) (string, bool) {
	if a, ok := aliases[w]; ok {
		return a, true
	}
	if v.words[w] {
		return w, true
	}
	return "", false
}

// correct returns the canonical form of the nearest known word within
// allowedTypos edits.
func (v *vocabulary) correct(w string) (string, int, bool) {
	d := allowedTypos(len([]rune(w)))
	if d == 0 {
		return "", 0, false
	}
	near, dist, ok := v.index.search(w, d)
	if !ok {
		return "", 0, false
	}
	if c, known := v.canonical(near); known {
		near = c
	}
	return near, dist, true
}
