package io.nearline.recall.behaviour;

import java.util.List;

/**
 * The generator's categories: a name, an industry and a vocabulary of real words, so that titles drawn from a
 * category's vocabulary embed close together and semantic IDs built from text cluster by category.
 */
final class CategoryVocabulary {

    private record Entry(String name, String industry, String words) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("skincare", "beauty", "serum moisturiser cleanser hydrating cream toner spf face"),
            new Entry("makeup", "beauty", "lipstick mascara foundation palette eyeliner blush matte concealer"),
            new Entry("fragrance", "beauty", "perfume cologne scent floral musk eau parfum citrus"),
            new Entry("haircare", "beauty", "shampoo conditioner hair mask keratin curl scalp repair"),
            new Entry("womenswear", "fashion", "dress blouse skirt knit cardigan linen midi women"),
            new Entry("menswear", "fashion", "shirt chinos blazer suit polo denim jacket men"),
            new Entry("sneakers", "fashion", "sneakers trainers sole leather canvas lace retro kicks"),
            new Entry("handbags", "fashion", "handbag tote clutch crossbody leather purse satchel strap"),
            new Entry("watches", "fashion", "watch chronograph automatic dial strap sapphire quartz steel"),
            new Entry("jewellery", "fashion", "necklace ring earrings bracelet gold silver pendant diamond"),
            new Entry("smartphones", "electronics", "smartphone phone 5g camera battery screen android unlocked"),
            new Entry("laptops", "electronics", "laptop notebook ultrabook processor ssd keyboard display ram"),
            new Entry("headphones", "electronics", "headphones earbuds wireless noise cancelling bass bluetooth audio"),
            new Entry("cameras", "electronics", "camera mirrorless lens zoom tripod sensor photo dslr"),
            new Entry("smart home", "electronics", "smart speaker thermostat doorbell bulb hub voice assistant"),
            new Entry("mobile rpg", "games", "rpg quest hero dungeon guild fantasy legend raid"),
            new Entry("casual puzzle", "games", "puzzle match candy blocks levels relax brain tiles"),
            new Entry("strategy games", "games", "strategy empire kingdom war tactics conquer build army"),
            new Entry("card games", "games", "cards poker solitaire deck duel collectible tournament chips"),
            new Entry("credit cards", "finance", "credit card cashback rewards points annual fee limit"),
            new Entry("personal loans", "finance", "loan interest rate borrow repayment instant approval credit"),
            new Entry("insurance", "finance", "insurance policy coverage premium health life claim quote"),
            new Entry("stock trading", "finance", "stocks trading broker invest portfolio shares etf commission"),
            new Entry("flights", "travel", "flights airline tickets fares economy business airport booking"),
            new Entry("hotels", "travel", "hotel resort room suite stay booking beach spa"),
            new Entry("car rental", "travel", "car rental rent pickup airport unlimited mileage drive"),
            new Entry("cruises", "travel", "cruise ship cabin voyage island deck ocean itinerary"),
            new Entry("food delivery", "food", "delivery meals takeaway order restaurant pizza burger fast"),
            new Entry("coffee", "food", "coffee espresso beans roast latte brew arabica capsule"),
            new Entry("snacks", "food", "snacks chips nuts chocolate cookies crunchy protein bar"),
            new Entry("wine", "food", "wine red white vintage bottle vineyard merlot sparkling"),
            new Entry("language courses", "education", "language english spanish lessons fluent speaking course tutor"),
            new Entry("coding bootcamps", "education", "coding bootcamp python programming developer course career web"),
            new Entry("exam prep", "education", "exam prep test practice score study tutoring admission"),
            new Entry("furniture", "home", "sofa table chair bed wardrobe oak couch desk"),
            new Entry("kitchenware", "home", "cookware pan knife pot kitchen nonstick blender cutlery"),
            new Entry("bedding", "home", "bedding duvet pillow sheets mattress cotton quilt sleep"),
            new Entry("gardening", "home", "garden plants seeds soil hose pots outdoor lawn"),
            new Entry("electric cars", "auto", "electric car ev charging range battery sedan test drive"),
            new Entry("suvs", "auto", "suv 4x4 offroad family seats towing hybrid crossover"),
            new Entry("car care", "auto", "car wax tyres oil polish detailing wipers engine"),
            new Entry("fitness apps", "health", "fitness workout app training yoga coach calories plan"),
            new Entry("supplements", "health", "vitamins supplements protein omega collagen capsules immune daily"),
            new Entry("telemedicine", "health", "doctor online consultation clinic prescription video health appointment"),
            new Entry("running gear", "sports", "running shoes shorts marathon jogging pace lightweight cushioned"),
            new Entry("cycling", "sports", "bike cycling helmet road gravel wheels pedals jersey"),
            new Entry("outdoor camping", "sports", "camping tent sleeping bag hiking backpack trail stove"),
            new Entry("baby care", "family", "baby diapers stroller formula nursery infant wipes crib"),
            new Entry("toys", "family", "toys kids lego puzzle dolls educational play building"),
            new Entry("pet supplies", "family", "pet dog cat food treats leash litter toys"));

    private static final String[] MODIFIERS = {"new", "premium", "classic", "2026", "limited", "sale", "best", "original"};

    private CategoryVocabulary() {
    }

    /** Name of category {@code index}; past the built-in list, names repeat with a round number. */
    static String name(int index) {
        Entry e = ENTRIES.get(index % ENTRIES.size());
        int round = index / ENTRIES.size();
        return round == 0 ? e.name() : e.name() + " " + (round + 1);
    }

    static String industry(int index) {
        return ENTRIES.get(index % ENTRIES.size()).industry();
    }

    static String[] words(int index) {
        return ENTRIES.get(index % ENTRIES.size()).words().split(" ");
    }

    static String[] modifiers() {
        return MODIFIERS.clone();
    }
}
