package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// recommendationHistoryLimit is how many past suggestions the history shows.
const recommendationHistoryLimit = 100

var recStatusLabel = map[string]string{"pending": "not answered", "accepted": "added to diary", "rejected": "turned down"}

// recommendationsHistory lists the patient's past suggestions, newest first.
func (s *Server) recommendationsHistory(c *fiber.Ctx) error {
	u := currentUser(c)
	rows, err := s.DB.RecHistory(c.UserContext(), db.RecHistoryParams{UserID: u.ID, Lim: recommendationHistoryLimit})
	if err != nil {
		return errInternal(err)
	}
	loc := userLoc(u)
	out := make([]views.RecHistoryRowVM, len(rows))
	for i, r := range rows {
		cost := "price not known"
		if r.EstimatedCostUgx != nil {
			cost = views.UGX(*r.EstimatedCostUgx)
		}
		out[i] = views.RecHistoryRowVM{When: showTime(r.CreatedAt, loc), Meal: nutrition.MealLabel(r.MealType), Name: r.FoodName,
			Status: r.Status, StatusLabel: recStatusLabel[r.Status], Reasoning: r.Reasoning, Cost: cost,
			Meta: recMeta(r.RecType, r.Confidence, r.ModelVersion)}
	}
	return s.render(c, 200, views.RecommendationHistoryPage(s.page(c, "Past suggestions", "recommendations"), out))
}
